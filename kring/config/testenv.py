"""pytest plugin loaded before Django starts (`-p kring.config.testenv`): test-only environment."""

import os

os.environ.setdefault("KRING_TESTING", "true")
# Playwright runs its own event loop in the test thread; the ORM calls it wraps are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
