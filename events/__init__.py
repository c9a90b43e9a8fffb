"""What is offered: organisers and their staff roles, series, venues, speakers, events,
sessions, materials, price options; the public programme pages, calendar files, page cache.

May import Django and config only: it knows nothing of who comes (pyproject.toml's contracts).
"""
