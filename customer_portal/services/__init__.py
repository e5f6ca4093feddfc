"""Use cases. Keyword-only functions taking the database session first; one call, one transaction.

Services return plain view objects and never import the UI framework.
"""
