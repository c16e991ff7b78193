"""Vendor profiles: YAML data (config/profiles) -> frozen model -> pure evaluation engine."""
