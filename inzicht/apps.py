from django.apps import AppConfig
from django.db.backends.signals import connection_created


class InzichtConfig(AppConfig):
    """The manager's read side: history, search, exports, overview, rollups, dossier."""

    name = "inzicht"
    verbose_name = "Inzicht"

    def ready(self) -> None:
        from gesprekken.models import Conversation  # noqa: PLC0415

        from .rollups import register_sqlite_functions  # noqa: PLC0415
        from .search import InArray  # noqa: PLC0415

        Conversation._meta.pk.register_lookup(InArray)
        # The SQLite triggers call local_day() (inzicht/rollups/dialect.py).
        connection_created.connect(register_sqlite_functions, dispatch_uid="inzicht_sqlite")
