from django.apps import AppConfig


class OudersConfig(AppConfig):
    name = "ouders"
