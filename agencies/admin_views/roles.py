"""Wagtail admin: province administrators give people their roles and HR officers their agencies.

Roles are the groups of `roles`; HR scopes are granted with `grant_hr_scope` and revoked by deleting the
HRScope. Everyone else gets 403, whatever URL they type. The screen stays at /admin/accounts/roles/
(wagtail_hooks), where people have bookmarked it.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.text import nfc

from ..models import HRScope
from ..permissions import is_province_admin
from ..roles import ROLE_NAMES, ensure_role_groups
from ..services import agency_by_code, grant_hr_scope

ROLE_LABELS = {
    "Trainers": gettext_lazy("Trainers"),
    "HR officers": gettext_lazy("HR officers"),
    "Province administrators": gettext_lazy("Province administrators"),
}


def _check(request):
    if not is_province_admin(request.user):
        raise PermissionDenied


class RolesForm(forms.Form):
    def __init__(self, *args, current=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in ROLE_NAMES:
            self.fields[name] = forms.BooleanField(
                label=ROLE_LABELS.get(name, name), required=False, initial=name in current
            )


class ScopeForm(forms.Form):
    agency_code = forms.CharField(label=gettext_lazy("Agency code"), max_length=50)

    def clean_agency_code(self):
        agency = agency_by_code(nfc(self.cleaned_data["agency_code"]))
        if agency is None:
            raise forms.ValidationError(gettext_lazy("No agency has this code."))
        self.agency = agency
        return agency.code


def index(request):
    _check(request)
    query = nfc(request.GET.get("q"))
    users = get_user_model().objects.filter(is_active=True).prefetch_related("groups", "hr_scopes__agency")
    if query:
        users = users.filter(
            Q(full_name__icontains=query) | Q(email__icontains=query) | Q(phone__icontains=query)
            | Q(username__icontains=query)
        )  # fmt: skip
    else:
        users = users.filter(Q(groups__isnull=False) | Q(is_superuser=True)).distinct()
    page = Paginator(users.order_by("full_name", "pk"), 50).get_page(request.GET.get("p"))
    rows = [
        {
            "user": user,
            "roles": [str(ROLE_LABELS.get(g.name, g.name)) for g in user.groups.all()],
            "scopes": [scope.agency for scope in user.hr_scopes.all()],
        }
        for user in page
    ]
    return render(request, "agencies/admin/roles_index.html", {"rows": rows, "page": page, "query": query})


def edit(request, user_id):
    _check(request)
    user = get_object_or_404(get_user_model(), pk=user_id, is_active=True)
    current = set(user.groups.filter(name__in=ROLE_NAMES).values_list("name", flat=True))
    roles_form = RolesForm(current=current)
    scope_form = ScopeForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "roles":
            roles_form = RolesForm(request.POST, current=current)
            if roles_form.is_valid():
                groups = ensure_role_groups()
                for name in ROLE_NAMES:
                    if roles_form.cleaned_data[name]:
                        user.groups.add(groups[name])
                    else:
                        user.groups.remove(groups[name])
                messages.success(request, _("The roles of %(name)s have been saved.") % {"name": user})
                return redirect("agencies_roles:edit", user_id=user.pk)
        elif action == "add_scope":
            scope_form = ScopeForm(request.POST)
            if scope_form.is_valid():
                grant_hr_scope(user, scope_form.agency)
                messages.success(
                    request,
                    _("%(name)s is now an HR officer of %(agency)s and the units below it.")
                    % {"name": user, "agency": scope_form.agency.name},
                )
                return redirect("agencies_roles:edit", user_id=user.pk)
        elif action == "remove_scope":
            scope_id = request.POST.get("scope", "")
            scope_id = int(scope_id) if scope_id.isdigit() else 0
            deleted, _rows = HRScope.objects.filter(user=user, pk=scope_id).delete()
            if deleted:
                messages.success(request, _("The HR scope has been removed."))
            else:
                messages.error(request, _("This HR scope does not exist."))
            return redirect("agencies_roles:edit", user_id=user.pk)
        else:
            messages.error(request, _("Invalid request."))
            return redirect("agencies_roles:edit", user_id=user.pk)
    scopes = HRScope.objects.filter(user=user).select_related("agency").order_by("agency__path")
    return render(
        request,
        "agencies/admin/roles_edit.html",
        {"subject": user, "roles_form": roles_form, "scope_form": scope_form, "scopes": scopes},
    )
