"""Kunang web dashboard (Dash). Never imports `collector`: it reads the database
schema the collector's migrations define and the settings `kunang dashboard`
passes through environment variables (see dashboard/settings.py)."""
