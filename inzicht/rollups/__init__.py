"""Totals for the manager's overview, kept up to date by the database itself.

The overview must answer for a whole chain (a million conversations) in a fraction of
a second, so it never aggregates the conversations. It reads:

- ``DayTotal`` (inzicht/models.py): per location, local day and kind the number of
  conversations, of scored ones with the sum of their scores (in tenths), and of
  escalated-or-ended-early ones;
- ``DayTipTotal``: per location, local day and tip the number and sum of the levels
  given (n.v.t. left out);
- ``Child.last_talk_at``: the child's latest conversation;
- ``Parent.last_handover_at`` / ``last_sit_down_at``: the parent's latest door talk and
  latest other talk;
- ``Conversation.day`` and ``FollowUp.location``: the local date and the conversation's
  location, guarded here.

Each rule is stated once (spec.py). From that statement rules.py generates everything
else: the triggers for PostgreSQL and SQLite (triggers.py), the check and the rebuild
(check.py). The differences between the two databases sit in dialect.py.

Database triggers (SQLite and PostgreSQL alike) maintain the values on every write,
whatever path it takes: the services, the admin, queryset deletes and updates, cascades
(family erasure, ``purge_expired``), ``bulk_create``, raw SQL. The totals change by
deltas (``INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n``), so concurrent
writers add up correctly; the "latest" columns lock their row first and recompute from
an index when a talk goes away or moves. Rows that fall to zero stay; reads sum them.

SQLite keeps its triggers too: the alternative, a second path in Python for SQLite,
would be a second copy of every rule. SQLite cannot convert time zones, so it calls
``local_day``, the Python function the model fills ``Conversation.day`` with,
registered on every connection (dialect.py): the local day is then right for every
date the forms accept. PostgreSQL uses ``AT TIME ZONE`` with its own time-zone
database. Mind that a SQLite connection opened outside Django (the ``sqlite3`` shell)
has no such function and cannot write conversations.

Not covered: ``TRUNCATE`` and PostgreSQL's ``session_replication_role = replica``
(triggers off). After either, or after a restore, run ``manage.py rebuild_rollups``,
which recomputes everything from the raw data (``--check`` compares only).

Migrations hold frozen copies of the trigger SQL (frozen.py); they never import this
package. After changing a rule, ``manage.py rollup_migration`` writes the migration
that installs the new triggers; tests/inzicht/test_rollup_migrations.py fails until
then. SQLite drops a table's triggers when Django rebuilds the table in a migration
(AlterField and friends on a table in ``trigger_tables()``): follow such a migration
with ``manage.py rollup_migration --force --no-rebuild``; the rollup tests fail if a
trigger is missing.
"""

from __future__ import annotations

from .check import differences, rebuild, rebuild_statements, total_tables, triggers_disabled
from .dialect import TIME_ZONE, local_day_sql, register_sqlite_functions
from .triggers import (
    drop_statements,
    drop_triggers,
    expected_triggers,
    install_statements,
    install_triggers,
    installed_triggers,
    trigger_tables,
)

__all__ = [
    "TIME_ZONE",
    "differences",
    "drop_statements",
    "drop_triggers",
    "expected_triggers",
    "install_statements",
    "install_triggers",
    "installed_triggers",
    "local_day_sql",
    "rebuild",
    "rebuild_statements",
    "register_sqlite_functions",
    "total_tables",
    "trigger_tables",
    "triggers_disabled",
]
