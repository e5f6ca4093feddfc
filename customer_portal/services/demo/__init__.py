"""The demo pool company that `make run` loads."""
