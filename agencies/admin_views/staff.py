"""The staff roster in the Wagtail admin, scoped to what the user may see."""

import django_filters
from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet

from common.spreadsheets import InertExportMixin
from common.text import nfc, normalise_code, normalise_email, normalise_phone

from .. import permissions
from ..models import Agency, StaffCategory, StaffMember
from ..placements import record_staff_state
from .scoping import ScopedListMixin, ScopedObjectMixin

# What an HR officer edits, exports and inspects of a roster entry, in this order.
STAFF_FIELDS = [
    "full_name",
    "staff_code",
    "agency",
    "category",
    "position",
    "email",
    "phone",
    "is_it_officer",
    "active",
]


class StaffForm(WagtailAdminModelForm):
    class Meta:
        model = StaffMember
        fields = STAFF_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = permissions.visible_agencies(self.for_user).filter(active=True)
        if self.instance.pk:
            agencies = agencies | Agency.objects.filter(pk=self.instance.agency_id)
        self.fields["agency"].queryset = agencies.order_by("path")
        self.fields["agency"].label_from_instance = lambda agency: (
            "\u2003" * (agency.depth - 1) + f"{agency.name} ({agency.code})"
        )
        self.fields["phone"].help_text = _("For example 0912 345 678; it is stored as +84912345678.")

    def clean_full_name(self):
        return nfc(self.cleaned_data["full_name"])

    def clean_staff_code(self):
        code = normalise_code(self.cleaned_data["staff_code"])
        if StaffMember.objects.filter(staff_code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("Another roster entry already has staff code %(code)s."), params={"code": code}
            )
        return code

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"])

    def clean_position(self):
        return nfc(self.cleaned_data["position"])


class StaffFilterSet(WagtailFilterSet):
    agency = django_filters.ModelChoiceFilter(
        label=_("Agency (and its units)"),
        queryset=lambda request: permissions.visible_agencies(request.user) if request else Agency.objects.none(),
        method="in_subtree",
    )
    category = django_filters.ChoiceFilter(label=_("category"), choices=StaffCategory.choices)
    is_it_officer = django_filters.BooleanFilter(label=_("IT officer"))
    active = django_filters.BooleanFilter(label=_("active"))

    class Meta:
        model = StaffMember
        fields = []

    def in_subtree(self, queryset, name, value):
        return queryset.filter(agency__path__startswith=value.path)


class StaffScope:
    def scoped_queryset(self):
        return permissions.visible_staff(self.request.user).select_related("agency")

    def can_see(self, obj):
        return permissions.can_view_staff(self.request.user, obj)


class StaffIndexView(InertExportMixin, StaffScope, ScopedListMixin, generic.IndexView):
    pass


class StaffSaveMixin:
    """Saving from the admin keeps the placement history in step (agency moves, deactivation)."""

    def save_instance(self):
        with transaction.atomic():
            instance = super().save_instance()
            record_staff_state(instance)
        return instance


class StaffCreateView(StaffSaveMixin, generic.CreateView):
    pass


class StaffEditView(StaffScope, ScopedObjectMixin, StaffSaveMixin, generic.EditView):
    pass


class StaffCopyView(StaffScope, ScopedObjectMixin, generic.CopyView):
    pass


class StaffDeleteView(StaffScope, ScopedObjectMixin, generic.DeleteView):
    pass


class StaffInspectView(StaffScope, ScopedObjectMixin, generic.InspectView):
    pass


class StaffHistoryView(StaffScope, ScopedObjectMixin, HistoryView):
    pass


class StaffUsageView(StaffScope, ScopedObjectMixin, UsageView):
    pass


class StaffMemberViewSet(ModelViewSet):
    model = StaffMember
    icon = "group"
    menu_label = _("Staff roster")
    url_prefix = "agencies/staff"
    index_view_class = StaffIndexView
    add_view_class = StaffCreateView
    edit_view_class = StaffEditView
    copy_view_class = StaffCopyView
    delete_view_class = StaffDeleteView
    inspect_view_class = StaffInspectView
    history_view_class = StaffHistoryView
    usage_view_class = StaffUsageView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "full_name",
        "staff_code",
        Column("agency", label=_("agency"), accessor="agency.name", sort_key="agency__path"),
        "category",
        "position",
        BooleanColumn("is_it_officer", label=_("IT officer")),
        BooleanColumn("active", label=_("active")),
    ]
    filterset_class = StaffFilterSet
    search_fields = ["full_name", "staff_code", "email", "phone"]
    search_backend_name = None
    list_per_page = 50
    list_export = STAFF_FIELDS
    export_headings = {"agency": _("agency")}
    inspect_view_fields = [*STAFF_FIELDS, "user"]

    def get_form_class(self, for_update=False):
        return StaffForm
