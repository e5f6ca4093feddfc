"""Plain HTTP routes mounted beside the Reflex app (health now; webhooks and photos later)."""
