from django.apps import AppConfig


class GesprekkenConfig(AppConfig):
    name = "gesprekken"
