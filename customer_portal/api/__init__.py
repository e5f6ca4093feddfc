"""Plain HTTP routes mounted beside the Reflex app: health and visit photos (webhooks later)."""
