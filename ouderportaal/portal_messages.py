"""The messages a parent can meet, and how complete each language's catalogue is for them.

The parent portal speaks six languages (settings.PORTAL_LANGUAGES); the staff pages only
Dutch and English. The Turkish, Arabic, Polish and Ukrainian catalogues therefore hold
only the parent-facing strings. Which strings those are is decided here, in one place:

- every template under ``templates/portaal/`` (pages, includes, e-mails);
- every module of the ``portaal`` app except the staff-only ones (``STAFF_ONLY``);
- the pages a parent meets outside /ouder/ (``PAGES_OUTSIDE_THE_PORTAL``: logging in,
  the e-mailed links, their password and two-step verification, the error pages) and the
  Python modules whose strings those pages show (``PYTHON_MODULES_OUTSIDE_THE_PORTAL``);
- the model labels and choices the portal's forms and pages show (``MODEL_FIELDS``).

Extraction is Django's own: templates go through ``templatize`` and everything through
``xgettext`` with the keywords ``makemessages`` uses, so the msgids are exactly what
gettext looks up at run time. Used by ``scripts/portal_messages.py`` (the report and
``--update``) and by ``tests/test_portal_translations.py``.
"""

from __future__ import annotations

import re
import shutil
import subprocess  # noqa: S404 - runs GNU gettext's xgettext, as makemessages does
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import templatize

BASE_DIR = Path(settings.BASE_DIR)
LOCALE_DIR = BASE_DIR / "locale"

# The catalogues that hold only the portal's strings, and the languages checked complete
# (English is the source language: its msgstr may stay empty).
PORTAL_ONLY_LANGUAGES = ("tr", "ar", "pl", "uk")
CHECKED_LANGUAGES = ("nl", *PORTAL_ONLY_LANGUAGES)

# The Plural-Forms headers, as GNU gettext and Django's own catalogues have them.
PLURAL_FORMS = {
    "nl": "nplurals=2; plural=(n != 1);",
    "en": "nplurals=2; plural=(n != 1);",
    "tr": "nplurals=2; plural=(n != 1);",
    "ar": (
        "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
        ": n%100>=11 && n%100<=99 ? 4 : 5);"
    ),
    "pl": (
        "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
    ),
    "uk": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);"
    ),
}
LANGUAGE_NAMES = {"tr": "Turkish", "ar": "Arabic", "pl": "Polish", "uk": "Ukrainian"}

PORTAL_TEMPLATE_DIRS = ("templates/portaal",)
PORTAL_PYTHON_PACKAGES = ("portaal",)

# Files of the portal app that only staff see (sharing, planning, inviting): their
# strings stay Dutch and English. THE list: the script and the test both read it. An
# entry ending in "/" is a folder (for staff templates kept under templates/portaal/).
STAFF_ONLY = frozenset(
    {
        "portaal/views/staff.py",
        "portaal/views/accounts.py",
        "portaal/staff_urls.py",
        "portaal/forms.py",
        "portaal/forms/staff.py",
        "portaal/templatetags/portal_accounts.py",
        "templates/portaal/includes/parent_portal_card.html",
        "portaal/admin.py",
        "portaal/models.py",  # the record of e-mails sent: labels for staff and the admin
        "portaal/services/sharing.py",
        "portaal/services/planning.py",
        "portaal/services/accounts.py",
        "templates/portaal/staff/",
    }
)


def is_staff_only(path: str) -> bool:
    return path in STAFF_ONLY or any(
        entry.endswith("/") and path.startswith(entry) for entry in STAFF_ONLY
    )


# Pages a parent meets outside /ouder/: anonymous on the way in, or logged in (they then
# render inside templates/portaal/base.html, see portaal/context_processors.py).
PAGES_OUTSIDE_THE_PORTAL = (
    "templates/base.html",  # the frame of the login page and the e-mailed links
    "templates/includes/language_switch.html",  # in that frame's footer
    "templates/registration/login.html",
    "templates/registration/locked_out.html",
    "templates/registration/logged_out.html",
    "templates/registration/password_change_form.html",
    "templates/registration/password_change_done.html",
    "templates/accounts/set_password.html",
    "templates/accounts/link_expired.html",
    "templates/accounts/link_invalid.html",
    "templates/accounts/link_used.html",
    "templates/accounts/invitation_renewed.html",
    "templates/accounts/password_forgot.html",
    "templates/accounts/password_forgot_sent.html",
    "templates/accounts/two_factor_settings.html",
    "templates/accounts/two_factor_setup.html",
    "templates/accounts/two_factor_verify.html",
    "templates/accounts/recovery_codes.html",
    "templates/emails/access_link.txt",  # the password-reset e-mail
    "templates/emails/access_link.html",
    "templates/400.html",
    "templates/403.html",
    "templates/404.html",
    "templates/500.html",
    "templates/503.html",
)

# Python modules whose strings those pages show (form labels and errors, messages, the
# e-mail's subject). Listed by hand: most of these apps' other modules are staff-only.
PYTHON_MODULES_OUTSIDE_THE_PORTAL = (
    "accounts/forms.py",
    "accounts/views.py",
    "accounts/views_links.py",
    "accounts/password_validation.py",
    "accounts/tasks.py",
    "ouderportaal/extra_translations.py",
)

# Model labels and choices the portal shows: "app_label.Model": field names. The field's
# verbose_name is taken, and its choices' labels.
MODEL_FIELDS = {
    "gesprekken.Conversation": ("kind",),
    "gesprekken.ConversationShare": ("summary_for_parents",),
    "gesprekken.ParentResponse": ("own_view", "felt_heard", "felt_heard_comment"),
    "gesprekken.PlannedTalk": ("kind", "planned_for"),
    "gesprekken.PreTalkAnswer": ("wish_to_discuss", "seen_at_home", "going_well"),
    "ouders.ParentAccount": ("language", "notify_by_email", "availability"),
    "ouders.Parent": ("likes_to_help_with",),
}

# xgettext as ``makemessages`` calls it for the "django" domain.
XGETTEXT = (
    "xgettext",
    "-d",
    "django",
    "--language=Python",
    "--keyword=gettext_noop",
    "--keyword=gettext_lazy",
    "--keyword=ngettext_lazy:1,2",
    "--keyword=pgettext:1c,2",
    "--keyword=npgettext:1c,2,3",
    "--keyword=pgettext_lazy:1c,2",
    "--keyword=npgettext_lazy:1c,2,3",
    "--from-code=UTF-8",
    "--add-comments=Translators",
    "--output=-",
)

Key = tuple[str | None, str]  # (msgctxt, msgid)


@dataclass
class Entry:
    """One message of a .po/.pot file."""

    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # index 0 for a singular entry
    references: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    comments: list[str] = field(default_factory=list)  # "#." extracted comments
    obsolete: bool = False
    line: int = 0

    @property
    def key(self) -> Key:
        return (self.msgctxt, self.msgid)

    def __str__(self) -> str:
        context = f" (context {self.msgctxt!r})" if self.msgctxt else ""
        return f"{self.msgid!r}{context}"


# ---------------------------------------------------------------- .po files

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_FIELD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"\s*$')


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    if "\n" in escaped.rstrip("\n"):
        lines = escaped.split("\n")
        parts = [line + "\\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
        return '""\n' + "\n".join(f'"{part}"' for part in parts)
    return '"' + escaped.replace("\n", "\\n") + '"'


def parse_po(text: str) -> list[Entry]:
    """The entries of a .po/.pot file, the header (empty msgid) included."""
    entries: list[Entry] = []
    entry: Entry | None = None
    current: tuple[str, int] | None = None  # the field that continuation lines extend
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            entry, current = None, None
            continue
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if line.startswith("|"):  # an obsolete entry's previous msgid
                continue
        if entry is None or (line.startswith("#") and current is not None):
            # A comment after the fields starts the next entry (files without blank lines).
            entry = Entry(line=number)
            entries.append(entry)
            current = None
        entry.obsolete = entry.obsolete or obsolete
        if line.startswith("#:"):
            entry.references.extend(line[2:].split())
        elif line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
        elif line.startswith("#."):
            entry.comments.append(line[2:].strip())
        elif line.startswith("#"):
            continue
        elif match := _FIELD.match(line):
            name, index, value = match.group(1), match.group(2), _unquote(match.group(3))
            if name.startswith("msgstr"):
                slot = int(index) if index is not None else 0
                entry.msgstr[slot] = value
                current = ("msgstr", slot)
            else:
                setattr(entry, name, value)
                current = (name, 0)
        elif line.startswith('"') and line.endswith('"') and current is not None:
            value = _unquote(line[1:-1])
            name, slot = current
            if name == "msgstr":
                entry.msgstr[slot] += value
            else:
                setattr(entry, name, (getattr(entry, name) or "") + value)
        else:
            raise ValueError(f"line {number}: cannot parse {raw!r}")
    return entries


def format_entry(entry: Entry, nplurals: int) -> str:
    """An entry as text for a .po file, with empty msgstr (one per plural form)."""
    lines = [f"#. {comment}" for comment in entry.comments]
    if entry.references:
        lines.append("#: " + " ".join(entry.references))
    if entry.flags:
        lines.append("#, " + ", ".join(sorted(entry.flags)))
    if entry.msgctxt is not None:
        lines.append(f"msgctxt {_quote(entry.msgctxt)}")
    lines.append(f"msgid {_quote(entry.msgid)}")
    if entry.msgid_plural is not None:
        lines.append(f"msgid_plural {_quote(entry.msgid_plural)}")
        lines.extend(f'msgstr[{index}] ""' for index in range(nplurals))
    else:
        lines.append('msgstr ""')
    return "\n".join(lines) + "\n"


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def read_catalogue(language: str) -> dict[Key, Entry]:
    path = catalogue_path(language)
    if not path.is_file():
        return {}
    return {
        entry.key: entry
        for entry in parse_po(path.read_text(encoding="utf-8"))
        if entry.msgid and not entry.obsolete
    }


def nplurals(language: str) -> int:
    return int(re.search(r"nplurals=(\d+)", PLURAL_FORMS[language]).group(1))


def new_catalogue_header(language: str) -> str:
    name = LANGUAGE_NAMES.get(language, language)
    return (
        f"# {name} translation of Ouderportaal: the parent portal and the pages parents\n"
        "# meet on the way in. Only parent-facing strings; see docs/translations.md.\n"
        "#\n"
        'msgid ""\n'
        'msgstr ""\n'
        '"Project-Id-Version: Ouderportaal\\n"\n'
        f'"PO-Revision-Date: {timezone.localtime():%Y-%m-%d %H:%M%z}\\n"\n'
        '"Last-Translator: Ouderportaal\\n"\n'
        f'"Language-Team: {name}\\n"\n'
        f'"Language: {language}\\n"\n'
        '"MIME-Version: 1.0\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Content-Transfer-Encoding: 8bit\\n"\n'
        f'"Plural-Forms: {PLURAL_FORMS[language]}\\n"\n'
    )


# ---------------------------------------------------------------- extraction


def portal_files() -> tuple[list[str], list[str]]:
    """(templates, python modules) whose every string is parent-facing, relative paths."""
    templates: list[str] = []
    for folder in PORTAL_TEMPLATE_DIRS:
        templates.extend(
            path.relative_to(BASE_DIR).as_posix()
            for path in sorted((BASE_DIR / folder).rglob("*"))
            if path.is_file()
            and path.suffix in {".html", ".txt"}
            and not is_staff_only(path.relative_to(BASE_DIR).as_posix())
        )
    templates.extend(PAGES_OUTSIDE_THE_PORTAL)
    modules: list[str] = []
    for package in PORTAL_PYTHON_PACKAGES:
        for path in sorted((BASE_DIR / package).rglob("*.py")):
            relative = path.relative_to(BASE_DIR).as_posix()
            if "/migrations/" not in relative and not is_staff_only(relative):
                modules.append(relative)
    modules.extend(PYTHON_MODULES_OUTSIDE_THE_PORTAL)
    return templates, modules


def _model_messages() -> set[str]:
    """The msgids of the listed model labels and choices."""
    msgids: set[str] = set()
    with translation.override(None):  # no catalogue: lazy strings give their msgid
        for label, names in MODEL_FIELDS.items():
            model = apps.get_model(label)
            for name in names:
                model_field = model._meta.get_field(name)
                msgids.add(str(model_field.verbose_name))
                for _value, choice in model_field.flatchoices:
                    msgids.add(str(choice))
    return msgids


def _project_modules() -> list[str]:
    """The project's own Python modules (the apps and the project package), no migrations."""
    modules = []
    roots = {Path(config.path) for config in apps.get_app_configs()} | {BASE_DIR / "ouderportaal"}
    for root in sorted(roots):
        if not root.is_relative_to(BASE_DIR) or ".venv" in root.parts:
            continue
        for path in sorted(root.rglob("*.py")):
            relative = path.relative_to(BASE_DIR).as_posix()
            if "/migrations/" not in relative:
                modules.append(relative)
    return modules


def _xgettext(templates: list[str], modules: list[str]) -> list[Entry]:
    """Run xgettext as makemessages does over the given files (paths relative to BASE_DIR)."""
    if shutil.which("xgettext") is None:
        raise RuntimeError("xgettext (GNU gettext) is missing: apt-get install gettext")
    with tempfile.TemporaryDirectory() as work:
        inputs = []
        for name in templates:
            source = (BASE_DIR / name).read_text(encoding="utf-8")
            target = Path(work) / f"{name}.py"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(templatize(source, origin=name), encoding="utf-8")
            inputs.append(f"{name}.py")
        for name in modules:
            target = Path(work) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(BASE_DIR / name, target)
            inputs.append(name)
        listing = Path(work) / "files.txt"
        listing.write_text("\n".join(inputs), encoding="utf-8")
        result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [*XGETTEXT, "--files-from", str(listing)],
            cwd=work,
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode != 0:
        raise RuntimeError(f"xgettext failed:\n{result.stderr}")
    entries = [e for e in parse_po(result.stdout) if e.msgid]
    templatized = {f"{name}.py": name for name in templates}
    for entry in entries:
        entry.references = [_unpreprocessed(ref, templatized) for ref in entry.references]
    return entries


def _unpreprocessed(reference: str, templatized: dict[str, str]) -> str:
    path, _sep, line = reference.rpartition(":")
    return f"{templatized.get(path, path)}:{line}"


def portal_messages() -> dict[Key, Entry]:
    """Every parent-facing message, by (msgctxt, msgid), with its references."""
    templates, modules = portal_files()
    messages = {entry.key: entry for entry in _xgettext(templates, modules)}
    model_msgids = _model_messages()
    # Labels and choices can live in another module than the model (a Choices class):
    # look them up in every module of the project.
    for entry in _xgettext([], _project_modules()):
        if entry.msgctxt is None and entry.msgid in model_msgids:
            # The same label in a staff-only module (e.g. "kind") is not where the portal
            # shows it.
            entry.references = [
                r for r in entry.references if not is_staff_only(r.rpartition(":")[0])
            ]
            known = messages.setdefault(entry.key, entry)
            if known is not entry:
                known.references.extend(r for r in entry.references if r not in known.references)
    found = {msgid for ctxt, msgid in messages if ctxt is None}
    lost = model_msgids - found
    if lost:  # a label built without gettext_lazy, or in a file not listed
        raise RuntimeError(f"model labels not found by xgettext: {sorted(lost)}")
    return messages


# ---------------------------------------------------------------- checks

_PLACEHOLDER = re.compile(r"%\([^)]+\)[#0 +-]?\d*(?:\.\d+)?[sdifr]|%%|%[sdif]")


def placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


def problems(language: str, messages: dict[Key, Entry], catalogue: dict[Key, Entry]) -> list[str]:
    """What is wrong with ``language``'s catalogue for the parent-facing messages."""
    found = []
    forms = nplurals(language) if language in PLURAL_FORMS else 2
    for key, message in sorted(messages.items(), key=lambda item: (item[0][1], item[0][0] or "")):
        where = f" [{message.references[0]}]" if message.references else ""
        entry = catalogue.get(key)
        if entry is None:
            found.append(f"missing: {message}{where}")
            continue
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy: {message}{where}")
        texts = [entry.msgstr.get(index, "") for index in range(forms)]
        if message.msgid_plural is None:
            texts = [entry.msgstr.get(0, "")]
        if not all(text.strip() for text in texts):
            found.append(f"untranslated: {message}{where}")
            continue
        expected = sorted(
            set(placeholders(message.msgid)) | set(placeholders(message.msgid_plural or ""))
        )
        for text in texts:
            if sorted(set(placeholders(text))) != expected:
                found.append(f"placeholders differ: {message}{where} -> {text!r}")
                break
    return found


def not_parent_facing(messages: dict[Key, Entry], catalogue: dict[Key, Entry]) -> list[Entry]:
    """Entries of a portal catalogue that no parent-facing file uses (any more): harmless,
    left for a translator to delete."""
    return [entry for key, entry in catalogue.items() if key not in messages]


def update_catalogue(language: str, messages: dict[Key, Entry]) -> list[Entry]:
    """Append the missing messages to ``language``'s catalogue with an empty msgstr (and
    create the catalogue, with its header, if it does not exist yet). Returns them."""
    path = catalogue_path(language)
    if path.is_file():
        text = path.read_text(encoding="utf-8")
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = new_catalogue_header(language)
    present = {entry.key for entry in parse_po(text) if not entry.obsolete}
    missing = [message for key, message in messages.items() if key not in present]
    if missing or not path.is_file():
        blocks = [format_entry(entry, nplurals(language)) for entry in missing]
        path.write_text(text.rstrip("\n") + "\n\n" + "\n".join(blocks), encoding="utf-8")
    return missing
