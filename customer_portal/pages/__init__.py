"""Page functions. routes.py names every route."""
