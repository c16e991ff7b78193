-- configured APs of a site no longer in kunang.yaml stay, inactive; discovered ones are left alone
UPDATE ap SET active = (name = ANY(%s)) WHERE site_id = %s AND configured
