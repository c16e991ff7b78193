-- After a successful poll.
UPDATE ap
SET profile = coalesce(%(profile)s, profile), client_rows = coalesce(%(client_rows)s, client_rows),
    sys_descr = %(sys_descr)s, sys_object_id = %(sys_object_id)s,
    is_controller = %(is_controller)s, first_seen = least(first_seen, %(t)s), last_seen = greatest(last_seen, %(t)s)
WHERE id = %(ap_id)s;
