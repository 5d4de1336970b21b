"""The import pages under /organisatie/import/ (organisation admins only)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinderen.models import Child
from organisatie.access import require_admin

from ..forms.imports import EndCareForm, MappingForm, UploadForm
from ..importing import parsing
from ..importing.mapping import FIELDS, suggest
from ..importing.report import change_labels, report_lines
from ..models import ImportMapping, ImportRow, ImportRun
from ..services import imports as services

PAGE_SIZE = 50
ROW_FILTERS = {
    "problemen": ImportRow.Action.PROBLEM,
    "nieuw": ImportRow.Action.CREATE,
    "gewijzigd": ImportRow.Action.CHANGE,
    "ongewijzigd": ImportRow.Action.UNCHANGED,
}


def _run(request: HttpRequest, pk: int) -> ImportRun:
    require_admin(request.user)
    return get_object_or_404(ImportRun.objects.visible_to(request.user).defer("data"), pk=pk)


@require_GET
def import_list(request: HttpRequest) -> HttpResponse:
    require_admin(request.user)
    runs = (
        ImportRun.objects.visible_to(request.user)
        .defer("data", "columns", "missing_child_ids", "error")
        .select_related("created_by__user")
    )
    page = Paginator(runs, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "administratie/import_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    scope = require_admin(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        run = services.import_upload(
            request=request,
            organization_id=scope.organization_id,
            file_name=form.cleaned_data["file"].name,
            data=form.file_bytes,
        )
        return redirect("import_mapping", pk=run.pk)
    return render(request, "administratie/import_upload.html", {"form": form})


@require_http_methods(["GET", "POST"])
def import_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    if run.status not in {
        ImportRun.Status.UPLOADED,
        ImportRun.Status.PREVIEWED,
        ImportRun.Status.FAILED,
    }:
        return redirect("import_run", pk=run.pk)
    data = ImportRun.objects.filter(pk=run.pk).values_list("data", flat=True).get()
    content = bytes(data or b"")
    try:
        info = parsing.inspect(run.file_name, content)
        headers = parsing.read_header(content, info)
    except parsing.ImportFileError as error:
        messages.error(request, str(error))
        return redirect("import_run", pk=run.pk)
    remembered = (
        ImportMapping.objects.filter(organization_id=run.organization_id)
        .values_list("columns", flat=True)
        .first()
    )
    initial = suggest(headers, run.columns or remembered)
    form = MappingForm(request.POST or None, headers=headers, initial_columns=initial)
    if request.method == "POST" and form.is_valid():
        services.import_check(request=request, run=run, columns=form.cleaned_data)
        return redirect("import_run", pk=run.pk)
    return render(
        request, "administratie/import_mapping.html", {"run": run, "form": form, "fields": FIELDS}
    )


@require_GET
def import_run(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    context: dict = {"run": run}
    if run.status in {ImportRun.Status.PREVIEWED, ImportRun.Status.DONE}:
        shown = request.GET.get("toon", "")
        rows = run.rows.only("number", "external_id", "action", "problems", "changes")
        if shown in ROW_FILTERS:
            rows = rows.filter(action=ROW_FILTERS[shown])
        elif run.status == ImportRun.Status.PREVIEWED and run.problem_count:
            # Problems first: they are what the admin has to fix.
            rows = rows.annotate(
                problem_first=Case(
                    When(action=ImportRow.Action.PROBLEM, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            ).order_by("problem_first", "number")
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
        for row in page.object_list:
            row.change_labels = change_labels(row.changes)
        context.update(
            page=page,
            shown=shown,
            query=f"toon={shown}" if shown in ROW_FILTERS else "",
            filters=[(key, label) for key, label in _filter_labels()],
        )
    if run.status == ImportRun.Status.DONE and run.missing_child_ids:
        missing = Paginator(run.missing_child_ids, PAGE_SIZE).get_page(request.GET.get("weg"))
        children = (
            Child.objects.visible_to(request.user)
            .filter(pk__in=list(missing.object_list))
            .select_related("group", "location")
            .order_by("last_name", "first_name")
        )
        context.update(
            missing=missing,
            missing_children=children,
            end_care_form=EndCareForm(choices=[]),
        )
    return render(request, "administratie/import_run.html", context)


def _filter_labels():
    return [
        ("", _("All rows")),
        ("problemen", _("Problems")),
        ("nieuw", _("New")),
        ("gewijzigd", _("Changed")),
        ("ongewijzigd", _("Unchanged")),
    ]


@require_GET
def import_run_status(request: HttpRequest, pk: int) -> JsonResponse:
    run = _run(request, pk)
    return JsonResponse(
        {
            "status": run.status,
            "status_label": run.get_status_display(),
            "rows_done": run.rows_done,
            "rows_total": run.rows_total,
            "percent": run.percent,
            "busy": run.is_busy,
        }
    )


@require_POST
def import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    if services.import_confirm(request=request, run=run):
        messages.success(request, _("The import has started."))
    else:
        messages.error(
            request,
            _(
                "This import cannot be written: fix the rows with a problem "
                "and check the file again."
            ),
        )
    return redirect("import_run", pk=run.pk)


@require_POST
def import_discard(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    if services.import_discard(request=request, run=run):
        messages.success(request, _("The import has been discarded; its file is deleted."))
    else:
        messages.error(request, _("This import can no longer be discarded."))
    return redirect("import_list")


@require_POST
def import_end_care(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    choices = [(child_id, str(child_id)) for child_id in run.missing_child_ids]
    form = EndCareForm(request.POST, choices=choices)
    if run.status != ImportRun.Status.DONE or not form.is_valid():
        errors = [str(e) for errors in form.errors.values() for e in errors]
        messages.error(request, " ".join(errors) or _("Choose at least one child."))
        return redirect("import_run", pk=run.pk)
    children = Child.objects.visible_to(request.user).filter(pk__in=form.cleaned_data["children"])
    ended, refused = services.import_end_care(
        request=request, run=run, children=children, end_date=form.cleaned_data["end_date"]
    )
    if ended:
        messages.success(request, _("Care ended for %(n)d children.") % {"n": ended})
    if refused:
        messages.error(
            request,
            _("%(n)d children start care after that date; their care was not ended.")
            % {"n": refused},
        )
    return redirect("import_run", pk=run.pk)


@require_GET
def import_report(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    if run.status not in {ImportRun.Status.PREVIEWED, ImportRun.Status.DONE}:
        messages.error(request, _("There is no report yet: the file has not been checked."))
        return redirect("import_run", pk=run.pk)
    services.import_report_downloaded(request=request, run=run)
    response = StreamingHttpResponse(report_lines(run), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime(run.created_at).strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="import-{run.pk}-{stamp}.csv"'
    return response
