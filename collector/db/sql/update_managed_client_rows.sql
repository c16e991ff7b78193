-- The APs a controller manages list their clients only when the controller's profile gives client rows.
UPDATE ap SET client_rows = %(client_rows)s
WHERE controller_id = %(ap_id)s AND client_rows IS DISTINCT FROM %(client_rows)s;
