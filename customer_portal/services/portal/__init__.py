"""What a signed-in customer sees and does, each read scoped to them (owned.py); invites and Contact Us."""
