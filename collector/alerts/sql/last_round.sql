SELECT max(time) FROM poll_round
