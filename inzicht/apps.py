from django.apps import AppConfig


class InzichtConfig(AppConfig):
    """The manager's read side: history, search, exports, overview, rollups, dossier."""

    name = "inzicht"
    verbose_name = "Inzicht"

    def ready(self) -> None:
        from gesprekken.models import Conversation  # noqa: PLC0415

        from .search import InArray  # noqa: PLC0415

        Conversation._meta.pk.register_lookup(InArray)
