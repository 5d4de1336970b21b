from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and benchmark data: seed_demo and seed_large. The top layer: nothing imports it."""

    name = "demo"
    verbose_name = "Demo"
