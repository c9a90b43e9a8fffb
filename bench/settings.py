"""Anmälan's own settings (config.settings, read from the environment as in
production), with one change: static files are collected into a temporary
folder (BENCH_STATIC_ROOT) instead of the working tree's staticfiles/."""

import os

from config.settings import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
