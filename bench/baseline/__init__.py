"""A bare Django project: the yardstick the benchmarks measure Anmälan against.

Two views and no middleware, served by gunicorn exactly like Anmälan and talking
to the same PostgreSQL database:

- ``GET /read/``: one SELECT of one row by primary key;
- ``POST /insert/``: one INSERT in its own transaction.
"""
