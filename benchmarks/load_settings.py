"""The application's settings with the benchmark URLconf (benchmarks/load.py serves it with
gunicorn): everything else, middleware included, is exactly config.settings."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.load_urls"
