-- sites no longer in kunang.yaml stay, inactive (their history is kept)
UPDATE site SET active = (name = ANY(%s))
