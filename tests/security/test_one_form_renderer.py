"""Every form on every page renders through ``{% bs_field %}`` / ``{% bs_form %}``: no
page of the app (the admin aside) renders a widget, an error list or a form through
Django's form templates, whatever FORM_RENDERER says."""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates

from .pages import matrix_pages, parse, situation_pages

USED: list[str] = []


class RecordingRenderer(DjangoTemplates):
    def get_template(self, template_name):
        USED.append(template_name)
        return super().get_template(template_name)


def test_no_page_renders_a_form_through_templates(client_as, world, request, settings):
    settings.FORM_RENDERER = "tests.security.test_one_form_renderer.RecordingRenderer"
    USED.clear()
    pages = matrix_pages(client_as, world) + situation_pages(
        client_as, world, request.getfixturevalue
    )
    assert not USED, sorted(set(USED))
    fields = sum(
        1
        for page in pages
        if page.is_html
        for tag, attrs in parse(page.html).tags
        if tag in {"input", "select", "textarea"} and attrs.get("name") != "csrfmiddlewaretoken"
    )
    assert fields >= 300, f"only {fields} form fields on the pages"
