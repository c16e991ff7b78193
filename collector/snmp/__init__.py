"""SNMP access: plain data model, sessions (client.py), the v1/v2c transport and BER codec, the v3 engine (usm.py), errors."""
