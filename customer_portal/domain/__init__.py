"""Pure business rules: money, time, status transitions. No database, no I/O, no UI."""
