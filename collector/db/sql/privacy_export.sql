-- a data subject's rows (pseudonyms, MAC) as JSON (functions/privacy.sql)
SELECT kunang_privacy_export(%s, %s);
