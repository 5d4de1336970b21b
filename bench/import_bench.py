"""The large import: a generated file of 20,000 children and 35,000 parents checked and
imported into an organisation of 200 locations, on whatever database the settings point
at (SQLite by default, PostgreSQL with DATABASE_URL, e.g. under scripts/with-postgres.sh).

    SQLITE_PATH=/tmp/import-bench.sqlite3 .venv/bin/python bench/import_bench.py
    scripts/with-postgres.sh .venv/bin/python bench/import_bench.py

Runs the two background jobs' functions in-process (as ``db_worker`` would), four times:
first import (check + commit), the same file again (check + commit: nothing changes), a
file with 1% of the rows changed, and prints time and peak memory of each step: peak RSS
of the process (``ru_maxrss``) and the peak of Python allocations during the step
(``tracemalloc``, in a separate, untimed repeat of the first check and commit, since
tracing slows Python down).
"""

from __future__ import annotations

import os
import platform
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ouderportaal.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
# DEBUG off as in production: with DEBUG on, Django keeps every SQL statement's text.
os.environ["DEBUG"] = "0"
os.environ.setdefault("ALLOWED_HOSTS", "localhost")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

FAMILIES, TWO_CHILDREN = 17_500, 2_500  # 20,000 children, 35,000 parents


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    from administratie.importing.commit import commit
    from administratie.importing.mapping import suggest
    from administratie.importing.preview import preview
    from administratie.importing.sample import HEADER, family_rows, to_csv
    from administratie.models import ImportRun
    from kinderen.models import Child, ChildExternalId
    from organisatie.models import CareType, Group, Location, Organization, Role, StaffMember
    from ouders.models import ChildParent, Parent

    call_command("migrate", verbosity=0)
    organization = Organization.objects.create(name=f"Importbench {time.time_ns()}")
    places = []
    for n in range(200):
        location = Location.objects.create(organization=organization, name=f"Locatie {n:03d}")
        for group_name in ("Rupsjes", "Vlinders", "Bso"):
            Group.objects.create(location=location, name=group_name, care_type=CareType.DAYCARE)
            places.append((location.name, group_name))
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(f"bench-admin-{time.time_ns()}")
    StaffMember.objects.create(user=user, organization=organization, role=Role.ADMIN)
    rows = list(family_rows(places, FAMILIES, children_of_first=TWO_CHILDREN))
    original = to_csv(rows).encode()
    changed_rows = [list(r) for r in rows]
    for r in changed_rows[::100]:
        r[2] += "-Bakker"  # 1% of the children change their last name
    changed = to_csv(changed_rows).encode()
    del rows, changed_rows
    columns = suggest(HEADER)
    print(
        f"database {connection.vendor}; python {platform.python_version()}; "
        f"{os.cpu_count()} cores; file {len(original) / 1e6:.1f} MB"
    )

    def step(label, data, *, trace=False):
        run = ImportRun.objects.create(
            organization=organization,
            file_name="bench.csv",
            kind="csv",
            data=data,
            columns=columns,
            status=ImportRun.Status.PREVIEWING,
        )
        results = []
        for name, job in (("check", lambda r: preview(r)), ("commit", None)):
            if trace:
                tracemalloc.start()
            started, cpu = time.perf_counter(), time.process_time()
            if job is not None:
                job(run)
            else:
                ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.IMPORTING)
                run.refresh_from_db()
                commit(run, user_id=user.pk)
            seconds = time.perf_counter() - started
            cpu = time.process_time() - cpu
            peak = tracemalloc.get_traced_memory()[1] / 1e6 if trace else None
            if trace:
                tracemalloc.stop()
            run.refresh_from_db()
            results.append((name, seconds, peak))
            print(
                f"{label:<22} {name:<6} {seconds:6.1f} s (cpu {cpu:5.1f} s)  "
                + (f"traced peak {peak:6.1f} MB  " if peak is not None else "")
                + f"rss peak {rss_mb():6.0f} MB  status {run.status} "
                f"new {run.created_count} changed {run.changed_count} "
                f"unchanged {run.unchanged_count} problems {run.problem_count} "
                f"parents new {run.parents_created} changed {run.parents_changed}",
                flush=True,
            )
        return results

    step("first import", original)
    print(
        f"  children {Child.objects.filter(location__organization=organization).count()}, "
        f"parents {Parent.objects.filter(organization=organization).count()}, "
        f"links {ChildParent.objects.filter(parent__organization=organization).count()}, "
        f"external ids {ChildExternalId.objects.filter(organization=organization).count()}"
    )
    step("same file again", original)
    step("1% of rows changed", changed)
    step("again, traced", original, trace=True)


if __name__ == "__main__":
    main()
