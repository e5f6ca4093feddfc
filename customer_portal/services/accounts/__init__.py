"""Who is signed in: passwords, sessions, sign-in tokens and throttling, staff and customer sign-in."""
