"""Roster link requests in the Wagtail admin: the HR officer of the entry's agency approves or rejects."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import MenuItem
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .. import permissions
from ..linking.requests import decide, visible_requests
from ..models import RosterLinkRequest
from .scoping import ScopedListMixin, ScopedObjectMixin


class DecidedInThisQueue(ModelPermissionPolicy):
    """Administrators and scoped HR officers see the queue; decisions go through `decide` (no edit views)."""

    def user_has_permission(self, user, action):
        return action == "view" and permissions.can_upload_rosters(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(RosterLinkRequest, DecidedInThisQueue(RosterLinkRequest))


class RequestScope:
    def scoped_queryset(self):
        return visible_requests(self.request.user)

    def can_see(self, obj):
        return permissions.can_view_staff(self.request.user, obj.staff)


class RequestIndexView(RequestScope, ScopedListMixin, generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status == RosterLinkRequest.Status.PENDING:
            buttons.append(MenuItem(_("Review"), url=self.get_inspect_url(instance), icon_name="view"))
        return buttons


class RequestInspectView(RequestScope, ScopedObjectMixin, generic.InspectView):
    template_name = "agencies/link_request_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["link_request"] = self.object
        context["pending"] = self.object.status == RosterLinkRequest.Status.PENDING
        return context


@require_POST
def decide_view(request, pk):
    link_request = get_object_or_404(RosterLinkRequest, pk=pk)
    if not permissions.can_view_staff(request.user, link_request.staff):
        raise PermissionDenied
    approve = request.POST.get("decision") == "approve"
    try:
        decide(link_request, request.user, approve)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if approve:
            messages.success(request, _("The account was linked to %(staff)s.") % {"staff": link_request.staff})
        else:
            messages.success(request, _("The request was rejected; nothing was linked."))
    return redirect("agencies_link_requests:index")


class RosterLinkRequestViewSet(ModelViewSet):
    model = RosterLinkRequest
    icon = "user"
    menu_label = gettext_lazy("Roster link requests")
    url_prefix = "agencies/link-requests"
    url_namespace = "agencies_link_requests"
    index_view_class = RequestIndexView
    inspect_view_class = RequestInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["status"]  # no add or edit views are routed; decisions go through `decide`
    list_display = [
        Column("staff", label=gettext_lazy("roster entry"), accessor="staff"),
        Column("agency", label=gettext_lazy("agency"), accessor="staff.agency.name"),
        "account_name",
        "typed_staff_code",
        BooleanColumn("email_verified", label=gettext_lazy("e-mail verified")),
        BooleanColumn("phone_verified", label=gettext_lazy("phone verified")),
        Column("status", label=gettext_lazy("status"), accessor="get_status_display"),
        Column("created_at", label=gettext_lazy("requested at"), sort_key="created_at"),
    ]
    list_filter = ["status"]
    search_fields = ["account_name", "typed_staff_code", "account_email", "account_phone"]
    search_backend_name = None
    list_per_page = 50

    def get_urlpatterns(self):
        keep = {"index", "index_results", "inspect"}
        patterns = [p for p in super().get_urlpatterns() if getattr(p, "name", None) in keep]
        return [*patterns, path("decide/<int:pk>/", decide_view, name="decide")]
