from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdministratieConfig(AppConfig):
    """The organisation's own administration: places, staff, children, parents, import,
    the audit trail. Everything the office does without Django's admin site."""

    name = "administratie"
    verbose_name = _("Administration")
