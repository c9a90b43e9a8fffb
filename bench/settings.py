"""Anmälan's own settings (config.settings, read from the environment as in
production), with two changes: static files are collected into a temporary
folder (BENCH_STATIC_ROOT) instead of the working tree's staticfiles/, and how
long each signup held its event's lock is appended to BENCH_LOCK_LOG (ms per line)."""

import os

from config.settings import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]

if os.environ.get("BENCH_LOCK_LOG"):
    LOGGING = {  # noqa: F405
        **LOGGING,  # noqa: F405
        "formatters": {"bare": {"format": "%(message)s"}},
        "handlers": {
            **LOGGING["handlers"],  # noqa: F405
            "lock": {
                "class": "logging.FileHandler",
                "filename": os.environ["BENCH_LOCK_LOG"],
                "formatter": "bare",
            },
        },
        "loggers": {
            "registrations.lock": {"handlers": ["lock"], "level": "DEBUG", "propagate": False}
        },
    }
