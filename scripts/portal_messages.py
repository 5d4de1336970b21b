"""The parent-facing strings and the state of each portal language's catalogue.

    DEBUG=1 .venv/bin/python scripts/portal_messages.py            # report per language
    DEBUG=1 .venv/bin/python scripts/portal_messages.py --list     # every parent-facing msgid
    DEBUG=1 .venv/bin/python scripts/portal_messages.py --update   # add missing msgids (empty)

The report names every parent-facing msgid that is missing, untranslated, fuzzy or has
other placeholders than its source, in nl, tr, ar, pl and uk; it exits 1 if there is any.
``--update`` appends the missing msgids with an empty msgstr (and a ``#:`` reference) to
the tr, ar, pl and uk catalogues, so translators can fill them in; Dutch and English get
theirs from makemessages / tools as before. Which files count as parent-facing is decided
in ouderportaal/portal_messages.py. See docs/translations.md.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--update",
        action="store_true",
        help="append missing parent-facing msgids (empty msgstr) to the tr/ar/pl/uk catalogues",
    )
    parser.add_argument("--list", action="store_true", help="print every parent-facing msgid")
    parser.add_argument(
        "--language",
        action="append",
        help="only this language (repeatable); default: nl, tr, ar, pl, uk",
    )
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ouderportaal.settings")
    import django

    django.setup()
    from ouderportaal import portal_messages as pm

    messages = pm.portal_messages()
    if args.list:
        for key, entry in sorted(messages.items(), key=lambda item: item[0][1]):
            context = f"[{key[0]}] " if key[0] else ""
            print(f"{context}{entry.msgid!r}  {' '.join(entry.references[:3])}")
        print(f"{len(messages)} parent-facing messages")
        return 0

    languages = args.language or list(pm.CHECKED_LANGUAGES)
    if args.update:
        for language in languages:
            if language not in pm.PORTAL_ONLY_LANGUAGES:
                continue
            added = pm.update_catalogue(language, messages)
            print(f"{language}: {len(added)} msgid(s) added to {pm.catalogue_path(language)}")
        print("Fill in the msgstr, then compile:")
        print("  DEBUG=1 .venv/bin/python manage.py compilemessages --ignore '.venv/*' -v 0")

    failing = False
    for language in languages:
        found = pm.problems(language, messages, pm.read_catalogue(language))
        state = f"{len(found)} problem(s)" if found else "complete"
        print(f"{language}: {state} ({len(messages)} parent-facing messages)")
        for problem in found:
            print(f"  {problem}")
        if language in pm.PORTAL_ONLY_LANGUAGES:
            for entry in pm.not_parent_facing(messages, pm.read_catalogue(language)):
                print(f"  not parent-facing (may be deleted): {entry}")
        failing = failing or bool(found)
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
