"""The roster upload screen: upload, follow the import's progress, read the result, apply a preview."""

from pathlib import Path

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from .. import permissions
from ..models import RosterImport
from ..roster.uploads import MAX_UPLOAD_BYTES, progress_of, repeat_for_real, start_upload, visible_uploads

ALLOWED_SUFFIXES = {".csv", ".xlsx", ".xlsm"}


class RosterUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Roster file (.csv or .xlsx)"))
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Agency the file covers"),
        queryset=permissions.Agency.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "Rows must belong to this agency or its units; its staff missing from the file are deactivated."
        ),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Preview only: check the file and show what would change"),
        required=False,
        initial=True,
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        field = self.fields["agency"]
        field.queryset = permissions.visible_agencies(user).filter(active=True).order_by("path")
        field.label_from_instance = lambda agency: "\u2003" * (agency.depth - 1) + f"{agency.name} ({agency.code})"
        field.required = not permissions.is_province_admin(user)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(_("The roster must be a CSV or an Excel (.xlsx) file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload

    def clean_agency(self):
        agency = self.cleaned_data.get("agency")
        if not permissions.can_import_roster(self.user, agency):
            raise forms.ValidationError(_("Choose one of the agencies you manage."))
        return agency


def _check_access(request):
    if not permissions.can_upload_rosters(request.user):
        raise PermissionDenied


def upload_view(request):
    _check_access(request)
    form = RosterUploadForm(request.user, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = start_upload(
            user=request.user,
            uploaded_file=form.cleaned_data["file"],
            scope=form.cleaned_data["agency"],
            dry_run=form.cleaned_data["dry_run"],
        )
        return redirect("agencies_roster_import:status", upload.pk)
    recent = visible_uploads(request.user).select_related("scope", "uploaded_by")[:10]
    return TemplateResponse(request, "agencies/roster_upload.html", {"form": form, "recent": recent})


def status_view(request, pk):
    _check_access(request)
    upload = get_object_or_404(visible_uploads(request.user).select_related("scope"), pk=pk)
    result = upload.result or {}
    can_apply = (
        upload.status == RosterImport.Status.DONE
        and upload.dry_run
        and not result.get("errors")
        and permissions.can_import_roster(request.user, upload.scope)
    )
    return TemplateResponse(
        request,
        "agencies/roster_import.html",
        {
            "upload": upload,
            "progress": progress_of(upload),
            "result": result,
            "counts": result.get("counts", {}),
            "can_apply": can_apply,
            "progress_url": reverse("agencies_roster_import:progress", args=(upload.pk,)),
        },
    )


def progress_view(request, pk):
    _check_access(request)
    upload = get_object_or_404(visible_uploads(request.user), pk=pk)
    return JsonResponse(progress_of(upload))


@require_POST
def apply_view(request, pk):
    _check_access(request)
    upload = get_object_or_404(visible_uploads(request.user), pk=pk, status=RosterImport.Status.DONE, dry_run=True)
    if (upload.result or {}).get("errors") or not permissions.can_import_roster(request.user, upload.scope):
        raise PermissionDenied
    again = repeat_for_real(upload, request.user)
    return redirect("agencies_roster_import:status", again.pk)


class RosterUploadMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_upload_rosters(request.user)


class RosterImportViewSet(ViewSet):
    name = "agencies_roster_import"
    url_prefix = "agencies/roster-import"
    icon = "upload"
    menu_label = gettext_lazy("Import roster")
    menu_item_class = RosterUploadMenuItem

    def get_urlpatterns(self):
        return [
            path("", upload_view, name="upload"),
            path("<int:pk>/", status_view, name="status"),
            path("<int:pk>/progress/", progress_view, name="progress"),
            path("<int:pk>/apply/", apply_view, name="apply"),
        ]
