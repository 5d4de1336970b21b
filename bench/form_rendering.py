"""What form rendering costs on the pages with forms, in-process, every variant in one run.

    .venv/bin/python bench/form_rendering.py [--requests 300] [--rounds 30] [--db PATH]

Seeds the demo (``seed_demo``) into a throwaway SQLite database (or uses ``--db``),
collects the static files, and requests each page with Django's test client in this
process, with production settings (DEBUG off, cached templates). Four variants, taken in
turns (round-robin, so a busy moment of the machine hits them alike):

- field renderer: the project's ``{% bs_field %}``/``{% bs_form %}`` (Python), or crispy
  (every field through ``as_crispy_field`` and ``|crispy``, as before; toggle buttons
  then render as crispy's radio list, which costs about the same);
- FORM_RENDERER: Django's default (``DjangoTemplates``), or Jinja2 with the Django
  templates as fallback for the admin (what ``ouderportaal/form_renderer.py`` was).

Prints the milliseconds of CPU time this process spent per request (median, and the mean
in brackets) as a Markdown table: the database is SQLite in this same process, so that is
all the work of a request, and it does not count the time other programs on a shared
machine take the CPU away.
"""

from __future__ import annotations

import argparse
import io
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DJANGO_RENDERER = "django.forms.renderers.DjangoTemplates"
JINJA2_RENDERER = "bench.form_rendering.Jinja2WithFallback"


def _jinja2_renderer():
    from django.forms.renderers import DjangoTemplates, Jinja2
    from django.template import TemplateDoesNotExist
    from django.utils.functional import cached_property

    class Jinja2WithFallback(Jinja2):
        """Widgets through Jinja2; the admin's widgets exist as Django templates only."""

        @cached_property
        def _django(self) -> DjangoTemplates:
            return DjangoTemplates()

        def get_template(self, template_name):
            try:
                return super().get_template(template_name)
            except TemplateDoesNotExist:
                return self._django.get_template(template_name)

    return Jinja2WithFallback


LOADED: list[str] = []


def _counting_renderer():
    from django.forms.renderers import DjangoTemplates

    class CountingRenderer(DjangoTemplates):
        def get_template(self, template_name):
            LOADED.append(template_name)
            return super().get_template(template_name)

    return CountingRenderer


def __getattr__(name: str):
    # Imported by Django from the FORM_RENDERER setting, after django.setup().
    if name == "Jinja2WithFallback":
        return _jinja2_renderer()
    if name == "CountingRenderer":
        return _counting_renderer()
    raise AttributeError(name)


def setup(db: Path | None, workdir: Path) -> None:
    os.environ.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,testserver",
        SECURE_SSL="0",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="ouderportaal.settings",
        STATIC_ROOT=str(workdir / "static"),
        SQLITE_PATH=str(db or workdir / "demo.sqlite3"),
    )
    os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    if db is None:
        call_command("migrate", verbosity=0)
        # A throwaway database: --force is safe; the list of demo users is not shown.
        call_command("seed_demo", force=True, verbosity=0, stdout=io.StringIO())
    call_command("collectstatic", interactive=False, verbosity=0)


def pages() -> dict:
    """Name → (user, method, path, data): the pages with forms, as their users see them."""
    from django.urls import reverse

    from gesprekken.models import Conversation
    from kinderen.models import Child
    from organisatie.models import StaffMember

    pm = StaffMember.objects.get(user__username="maartje")
    child = Child.objects.filter(group__in=pm.groups.all()).order_by("pk").first()
    talk = (
        Conversation.objects.filter(location__in=pm.locations.all(), follow_ups__isnull=False)
        .order_by("-occurred_at")
        .first()
    )
    create = reverse("conversation_create", args=[child.pk])
    return {
        "sit-down form": ("maartje", "GET", create, None),
        "sit-down form, errors": ("maartje", "POST", create, {"summary": "x", "kind": "?"}),
        "handover": ("maartje", "GET", reverse("handover", args=[child.pk]), None),
        "history": ("linda", "GET", reverse("history"), None),
        "conversation + feedback form": (
            "linda",
            "GET",
            reverse("conversation_detail", args=[talk.pk]),
            None,
        ),
        "child page": ("maartje", "GET", reverse("child_detail", args=[child.pk]), None),
        "search": ("maartje", "GET", reverse("search"), None),
        "log in": (None, "GET", reverse("login"), None),
    }


def use_crispy(on: bool) -> None:
    """Swap the project's tags for crispy's in the loaded library, and recompile."""
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field, as_crispy_form
    from django import template
    from django.template import engines

    from ouderportaal import form_fields

    if not hasattr(use_crispy, "ours"):
        use_crispy.ours = dict(form_fields.register.tags)
        crispy = template.Library()
        crispy.simple_tag(lambda bound, **_options: as_crispy_field(bound), name="bs_field")
        crispy.simple_tag(as_crispy_form, name="bs_form")
        use_crispy.crispy = crispy.tags
    form_fields.register.tags.update(use_crispy.crispy if on else use_crispy.ours)
    for loader in engines["django"].engine.template_loaders:
        loader.reset()


def measure(requests: int, rounds: int) -> dict:
    from django.test.utils import override_settings

    from bench.measure import client_for

    variants = [("python", DJANGO_RENDERER), ("crispy", DJANGO_RENDERER)]
    try:
        import jinja2  # noqa: F401
    except ImportError:
        print("Jinja2 is not installed: its variants are left out.", file=sys.stderr)
    else:
        variants += [("python", JINJA2_RENDERER), ("crispy", JINJA2_RENDERER)]
    targets = pages()
    clients = {user: client_for(user) for user, *_rest in targets.values()}
    times: dict = {(page, variant): [] for page in targets for variant in variants}
    for turn in range(rounds):
        for variant in variants[turn % len(variants) :] + variants[: turn % len(variants)]:
            fields, renderer = variant
            use_crispy(fields == "crispy")
            with override_settings(FORM_RENDERER=renderer):
                for page, (user, method, path, data) in targets.items():
                    client = clients[user]
                    send = client.post if method == "POST" else client.get
                    for _ in range(3):  # warm: compiled templates, caches
                        assert send(path, data).status_code == 200, (page, variant)
                    for _ in range(requests // rounds):
                        start = time.process_time()
                        send(path, data)
                        times[page, variant].append((time.process_time() - start) * 1000)
    use_crispy(False)
    return {
        "variants": variants,
        "pages": list(targets),
        "times": times,
        "templates": form_templates(targets, clients),
    }


def form_templates(targets: dict, clients: dict) -> dict:
    """How many widgets the form renderer renders (one template each) for one request of
    each page, with each field renderer: all a faster FORM_RENDERER could speed up."""
    from django.test.utils import override_settings

    counts = {}
    for fields in ("python", "crispy"):
        use_crispy(fields == "crispy")
        with override_settings(FORM_RENDERER="bench.form_rendering.CountingRenderer"):
            for page, (user, method, path, data) in targets.items():
                send = clients[user].post if method == "POST" else clients[user].get
                LOADED.clear()
                send(path, data)
                counts[page, fields] = len(LOADED)
    use_crispy(False)
    return counts


def table(result: dict) -> str:
    names = {DJANGO_RENDERER: "Django templates", JINJA2_RENDERER: "Jinja2"}
    head = [f"{fields} fields, {names[renderer]}" for fields, renderer in result["variants"]]
    head.append("widgets rendered by FORM_RENDERER per request (python / crispy fields)")
    lines = [
        "| page | " + " | ".join(head) + " |",
        "|---|" + "---:|" * len(head),
    ]
    for page in result["pages"]:
        cells = []
        for variant in result["variants"]:
            values = result["times"][page, variant]
            cells.append(f"{statistics.median(values):.1f} ({statistics.fmean(values):.1f})")
        counts = [result["templates"][page, fields] for fields in ("python", "crispy")]
        cells.append(" / ".join(str(n) for n in counts))
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="per page and variant")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--db", type=Path, help="an SQLite database with the demo data")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="form-rendering-") as workdir:
        setup(args.db, Path(workdir))
        started = time.monotonic()
        result = measure(args.requests, args.rounds)
        print(table(result))
        print(
            f"\n{args.requests} requests per page and variant in {args.rounds} rounds, "
            f"{time.monotonic() - started:.0f} s; load average {os.getloadavg()[0]:.1f}"
        )


if __name__ == "__main__":
    # Through the package: Django imports the renderers above from bench.form_rendering,
    # and LOADED must be that module's list, not a copy in __main__.
    from bench import form_rendering

    form_rendering.main()
