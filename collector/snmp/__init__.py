"""SNMP access: plain data model, the pysnmp client (client.py only), errors."""
