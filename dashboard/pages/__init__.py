"""One module per screen; each registers itself with dash.register_page."""
