"""Stateless UI pieces shared by the staff screens and the customer portal."""
