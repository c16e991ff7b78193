SELECT max(time) FROM poll_round WHERE devices > 0
