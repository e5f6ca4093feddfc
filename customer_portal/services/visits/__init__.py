"""Service visits, their water readings and photos."""
