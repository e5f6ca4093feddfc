"""Thin Reflex states: parse input, call a service, hold view objects, show a message or redirect."""
