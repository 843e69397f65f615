"""Certificates in the Wagtail admin: list and inspect, revoke with a reason, re-issue."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import MenuItem
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from agencies.services import is_province_admin

from .issuing import nfc, reissue, revoke
from .models import Certificate


class AdministratorsOnly(ModelPermissionPolicy):
    """Province administrators see and act on certificates; nobody adds, edits or deletes them here."""

    def user_has_permission(self, user, action):
        return action == "view" and is_province_admin(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return super().users_with_any_permission([])
        return super().users_with_any_permission(actions)


register_permission_policy(Certificate, AdministratorsOnly(Certificate))


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Give the reason.")},
    )

    def clean_reason(self):
        reason = nfc(self.cleaned_data["reason"])
        if not reason:
            raise forms.ValidationError(_("Give the reason."))
        return reason


class CertificateIndexView(generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.revoked_at is None:
            buttons.append(
                MenuItem(_("Revoke"), url=reverse("certificates_admin:revoke", args=[instance.pk]), icon_name="cross")
            )
        if instance.replaced_by_id is None:
            buttons.append(
                MenuItem(
                    _("Re-issue"), url=reverse("certificates_admin:reissue", args=[instance.pk]), icon_name="redirect"
                )
            )
        return buttons


def _action(request, pk, kind):
    if not is_province_admin(request.user):
        raise PermissionDenied
    certificate = get_object_or_404(Certificate, pk=pk)
    form = ReasonForm(request.POST or None)
    if kind == "revoke" and certificate.revoked_at is not None:
        messages.error(request, _("Certificate %(code)s is already revoked.") % {"code": certificate.code})
        return redirect("certificates_admin:index")
    if kind == "reissue" and certificate.replaced_by_id is not None:
        messages.error(request, _("Certificate %(code)s was already re-issued.") % {"code": certificate.code})
        return redirect("certificates_admin:index")
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        if kind == "revoke":
            revoke(certificate, reason)
            messages.success(request, _("Certificate %(code)s was revoked.") % {"code": certificate.code})
        else:
            new = reissue(certificate, reason)
            messages.success(
                request,
                _("Certificate %(old)s was replaced by %(new)s.") % {"old": certificate.code, "new": new.code},
            )
        return redirect("certificates_admin:index")
    title = _("Revoke certificate") if kind == "revoke" else _("Re-issue certificate")
    button = _("Revoke") if kind == "revoke" else _("Re-issue with a new code")
    return TemplateResponse(
        request,
        "certificates/admin_action.html",
        {"certificate": certificate, "form": form, "title": title, "button": button, "kind": kind},
    )


def revoke_view(request, pk):
    return _action(request, pk, "revoke")


def reissue_view(request, pk):
    return _action(request, pk, "reissue")


class CertificateViewSet(ModelViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = gettext_lazy("Certificates")
    menu_order = 320
    add_to_admin_menu = True
    url_prefix = "certificates/issued"
    url_namespace = "certificates_admin"
    index_view_class = CertificateIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["revoked_reason"]
    list_display = [
        "code",
        "learner_name",
        "course_title",
        Column("issued_on", label=gettext_lazy("issued on"), sort_key="issued_on"),
        Column("expires_on", label=gettext_lazy("expires on"), sort_key="expires_on"),
        Column("status_label", label=gettext_lazy("status")),
        Column("evidence_label", label=gettext_lazy("evidence")),
    ]
    list_filter = ["issued_on", "expires_on"]
    search_fields = ["code", "learner_name", "course_title", "organisation"]
    search_backend_name = None
    list_per_page = 50
    inspect_view_fields = [
        "code", "learner_name", "organisation", "course_title", "track", "hours", "score", "completed_on",
        "issued_on", "expires_on", "revoked_at", "revoked_reason", "replaced_by", "template", "issue_number",
        "evidence_authority", "evidence_statement",
    ]  # fmt: skip

    def get_urlpatterns(self):
        keep = {"index", "index_results", "inspect"}
        patterns = [p for p in super().get_urlpatterns() if getattr(p, "name", None) in keep]
        return [
            *patterns,
            path("revoke/<int:pk>/", revoke_view, name="revoke"),
            path("reissue/<int:pk>/", reissue_view, name="reissue"),
        ]
