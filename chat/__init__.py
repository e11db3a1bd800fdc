"""Chainlit glue: what stands between the browser and the lesson agent (guards, logins, routes)."""
