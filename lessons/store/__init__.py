"""Persistence of users, lessons, scenes and their immutable versions, scoped to the acting user."""
