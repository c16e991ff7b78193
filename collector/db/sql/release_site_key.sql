-- params: key, name — a site key now configured for another site is taken from the old one
UPDATE site SET key = NULL WHERE key = %s AND name <> %s;
