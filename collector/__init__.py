"""Kunang collector: gathers Wi-Fi usage data (SNMP, captive-portal logs) into PostgreSQL."""

__version__ = "0.1.0"
