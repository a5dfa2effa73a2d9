"""The production settings for the instances of benchmarks/servers.py: config.settings with a
fast password hasher first, so that hundreds of logins in a benchmark or a test measure the
application, not PBKDF2 (its users are throwaway users of a throwaway database)."""

from django.conf import global_settings

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *global_settings.PASSWORD_HASHERS]
