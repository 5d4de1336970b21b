"""The administration's own records: the import from the childcare administration.

Children and parents keep no import columns of their own (their tables carry the rollup
triggers): the administration's ids live beside them in ``kinderen.ChildExternalId`` and
``ouders.ParentExternalId``, one row per record, unique per organisation (down there, so
the privacy export and erasure cover them).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from organisatie.access import scope_for
from organisatie.models import Organization, StaffMember


class ImportMapping(models.Model):
    """Which column of the organisation's export holds which of our fields, remembered."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="import_mapping"
    )
    # {our field: their column header}
    columns = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("import column mapping")

    def __str__(self) -> str:
        return f"mapping {self.organization_id}"


class ImportRunQuerySet(models.QuerySet):
    def visible_to(self, user) -> ImportRunQuerySet:
        """Imports are the organisation admin's: their organisation's runs, nobody else's."""
        scope = scope_for(user)
        if not scope.is_admin:
            return self.none()
        return self.filter(organization_id=scope.organization_id)


class ImportRun(models.Model):
    class Kind(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (.xlsx)"

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("uploaded")
        PREVIEWING = "previewing", _("checking")
        PREVIEWED = "previewed", _("checked")
        IMPORTING = "importing", _("importing")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")
        DISCARDED = "discarded", _("discarded")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="import_runs"
    )
    created_by = models.ForeignKey(
        StaffMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UPLOADED)
    # The column mapping this run was checked with (a copy: the remembered one may change).
    columns = models.JSONField(default=dict, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    changed_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    problem_count = models.PositiveIntegerField(default=0)
    # Parents created and changed by the commit (a parent can be on several rows).
    parents_created = models.PositiveIntegerField(default=0)
    parents_changed = models.PositiveIntegerField(default=0)
    # The uploaded file, kept only until the import is done or discarded (personal data).
    data = models.BinaryField(null=True, blank=True, editable=False)
    # Children in care with an external id that the file no longer lists (ids only).
    missing_child_ids = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "-created_at"], name="importrun_org_idx")]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_busy(self) -> bool:
        return self.status in {self.Status.PREVIEWING, self.Status.IMPORTING}

    @property
    def can_commit(self) -> bool:
        return (
            self.status == self.Status.PREVIEWED and self.problem_count == 0 and self.rows_total > 0
        )

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 0
        return min(100, round(100 * self.rows_done / self.rows_total))


class ImportRow(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("new")
        CHANGE = "change", _("changed")
        UNCHANGED = "unchanged", _("unchanged")
        PROBLEM = "problem", _("problem")

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField()  # the line/row number in the file (header = 1)
    external_id = models.CharField(max_length=100, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    problems = models.JSONField(default=list, blank=True)  # Dutch messages
    # Our field names that change (e.g. "last_name", "parent1.email"); labels on display.
    changes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["number"]
        indexes = [
            models.Index(fields=["run", "number"], name="importrow_run_number_idx"),
            models.Index(fields=["run", "action", "number"], name="importrow_run_action_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.run_id}:{self.number}"
