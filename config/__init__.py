"""Settings from the environment, URLs, WSGI/ASGI, site-wide middleware and pages.

Imports what it wires together; the apps do not import it.
"""
