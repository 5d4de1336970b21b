"""Strings Django 6.1 uses that its own Dutch catalogue does not translate yet.

Listed here so makemessages keeps them in our catalogue (which takes precedence).
"""

from django.utils.translation import gettext_noop

EXTRA = [
    gettext_noop("- Select an option -"),
]
