"""The company: its profile and time zone, the audit log, the office dashboard, health figures."""
