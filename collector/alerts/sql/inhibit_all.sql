UPDATE alert SET inhibited_by = %(net)s
WHERE state = 'firing' AND id <> %(net)s AND inhibited_by IS NULL
  AND kind NOT IN ('network_down', 'collector_stalled')
