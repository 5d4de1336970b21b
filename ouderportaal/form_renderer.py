"""Form widgets through Jinja2, with Django templates for the widgets Jinja2 lacks.

Django's Jinja2 form renderer renders a <select> with many options several times
faster than the Django template engine, but it only knows Django's own widget
templates: the admin's widgets (related-object wrappers, raw-id and date inputs) exist
as Django templates only. Those fall back to the Django template engine.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist
from django.utils.functional import cached_property


class FastFormRenderer(Jinja2):
    @cached_property
    def _django(self) -> DjangoTemplates:
        return DjangoTemplates()

    def get_template(self, template_name):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self._django.get_template(template_name)
