SELECT subject, data FROM alert_tracker
