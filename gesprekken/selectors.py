from django.http import HttpRequest


def child_timeline_context(request: HttpRequest, child) -> dict:
    return {}


def parent_conversations_context(request: HttpRequest, parent) -> dict:
    return {}
