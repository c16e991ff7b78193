-- delete a data subject's rows (pseudonyms, MAC); {table: rows deleted} (functions/privacy.sql)
SELECT kunang_privacy_erase(%s, %s);
