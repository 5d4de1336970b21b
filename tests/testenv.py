"""Loaded with ``-p tests.testenv`` before Django starts: the test environment.

Tests run with DEBUG off (as in production) but without the HTTPS redirect, so the
test client talks plain HTTP; production-only behaviour is tested with override_settings.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL", "0")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Background jobs run at once, inside the request that enqueues them; the database
# backend and its worker have tests of their own.
os.environ.setdefault("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")
