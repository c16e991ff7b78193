"""Vendor profiles: YAML data (collector/profiles/shipped) -> frozen model -> pure evaluation engine."""
