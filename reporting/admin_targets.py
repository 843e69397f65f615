"""Coverage targets in the Wagtail admin, for province administrators only.

A target is the province's own rule for who counts and what counts; a wrong one changes every coverage
figure, so the form refuses what would make no sense (a percentage over 100, a staff share that counts no
staff category, a presence target with no kind of agency, a target no course can meet).
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from agencies.services import AgencyKind, ProvinceAdministratorsOnly, StaffCategory
from courses.services import Track, all_courses

from .models import Target, TargetKind


def checkboxes(label, choices, help_text):
    """An optional choice of several, shown as checkboxes."""
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple, help_text=help_text
    )


class TargetForm(WagtailAdminModelForm):
    staff_categories = checkboxes(
        _("staff categories"),
        StaffCategory.choices,
        _("Share of the staff trained: the categories of staff who count."),
    )
    agency_kinds = checkboxes(
        _("agency kinds"),
        AgencyKind.choices,
        _("Agencies with a trained IT officer: the kinds of agency that count."),
    )
    tracks = checkboxes(
        _("tracks"),
        Track.choices,
        _("Every course of these tracks counts, as well as the courses chosen below."),
    )

    class Meta:
        model = Target
        fields = [
            "code",
            "name",
            "kind",
            "goal",
            "deadline",
            "staff_categories",
            "agency_kinds",
            "tracks",
            "courses",
            "match",
            "sort_order",
        ]
        widgets = {"courses": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["courses"].queryset = all_courses()

    def clean(self):
        data = super().clean()
        kind, goal = data.get("kind"), data.get("goal")
        if kind in (TargetKind.PERCENTAGE, TargetKind.PRESENCE) and goal is not None and goal > 100:
            self.add_error("goal", _("A percentage goal is at most 100."))
        if kind == TargetKind.PERCENTAGE and not data.get("staff_categories"):
            self.add_error("staff_categories", _("Choose the categories of staff this target counts."))
        if kind == TargetKind.PRESENCE and not data.get("agency_kinds"):
            self.add_error("agency_kinds", _("Choose the kinds of agency this target counts."))
        if not data.get("tracks") and not data.get("courses"):
            self.add_error("tracks", _("Choose at least one track or course: otherwise nothing can meet it."))
        return data


class TargetViewSet(ModelViewSet):
    model = Target
    icon = "crosshairs"
    menu_label = _("Coverage targets")
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "reporting/targets"
    list_display = ["name", "code", "kind", "goal", "deadline"]
    search_fields = ["name", "code"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return TargetForm


# Targets move every coverage figure: only province administrators add, change or delete them.
register_permission_policy(Target, ProvinceAdministratorsOnly(Target))
