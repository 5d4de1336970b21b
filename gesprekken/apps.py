from django.apps import AppConfig


class GesprekkenConfig(AppConfig):
    name = "gesprekken"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save  # noqa: PLC0415

        from .models import Checklist, Tip  # noqa: PLC0415
        from .services import forget_standard_tips  # noqa: PLC0415

        for model in (Tip, Checklist):
            for signal in (post_save, post_delete):
                signal.connect(forget_standard_tips, sender=model, dispatch_uid=f"tips-{model}")
