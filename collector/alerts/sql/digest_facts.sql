SELECT (SELECT count(*) FROM alert WHERE opened_at > %(since)s) AS opened,
       (SELECT coalesce(json_agg(json_build_object('id', id, 'kind', kind, 'subject', subject, 'site_id', site_id,
                                                   'ap_id', ap_id, 'opened_at', opened_at, 'detail', detail)
                                 ORDER BY id), '[]'::json)
        FROM alert WHERE state = 'firing') AS firing
