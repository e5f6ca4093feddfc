"""Names of the session cookies, shared by the Reflex states (which set them) and the HTTP routes."""

STAFF_SESSION_COOKIE = "cp_staff_session"
CUSTOMER_SESSION_COOKIE = "cp_portal_session"
# "Remember this browser" after a staff member's second factor (services/accounts/remembered_browsers.py).
STAFF_REMEMBERED_BROWSER_COOKIE = "cp_staff_browser"
