"""The agency tree in the Wagtail admin: a tree-ordered, indented listing scoped to the user."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Length, Substr
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet

from common.text import nfc, normalise_code

from .. import permissions
from ..models import Agency, StaffMember, StaffPlacement
from ..placements import today
from ..reorganisation import create_agency, merge_agency, move_agency
from .scoping import ScopedListMixin, ScopedObjectMixin


def tree_label(agency):
    return "\u2003" * (agency.depth - 1) + f"{agency.name} ({agency.code})"


class TreeTitleColumn(TitleColumn):
    """The agency's name, indented by its depth in the tree."""

    def get_value(self, instance):
        marker = "└ " if instance.depth > 1 else ""
        return format_html(
            '<span style="padding-inline-start: {}rem">{}{}</span>',
            (instance.depth - 1) * 1.5,
            marker,
            instance.name,
        )


class AgencyForm(WagtailAdminModelForm):
    parent = forms.ModelChoiceField(label=gettext_lazy("Belongs to"), queryset=Agency.objects.none(), required=False)

    class Meta:
        model = Agency
        fields = ["code", "name", "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = permissions.visible_agencies(self.for_user).filter(active=True)
        if self.instance.pk:
            parents = parents.exclude(path__startswith=self.instance.path)
            self.fields["parent"].initial = self.instance.get_parent()
        self.fields["parent"].queryset = parents.order_by("path")
        self.fields["parent"].label_from_instance = tree_label

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if Agency.objects.filter(code=code).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("An agency with code %(code)s already exists."), params={"code": code})
        return code

    def clean_name(self):
        return nfc(self.cleaned_data["name"])

    def clean(self):
        cleaned = super().clean()
        has_root = Agency.get_root_nodes().exclude(pk=self.instance.pk).exists()
        if not cleaned.get("parent") and has_root and not (self.instance.pk and self.instance.is_root()):
            self.add_error("parent", _("Choose the agency this one belongs to."))
        return cleaned


class AgencyScope:
    def scoped_queryset(self):
        parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Agency.steplen)
        return permissions.visible_agencies(self.request.user).annotate(
            parent_name=Subquery(Agency.objects.filter(path=parent_path).values("name")[:1]),
            active_staff=Count("staff", filter=Q(staff__active=True)),
        )

    def can_see(self, obj):
        return permissions.can_view_agency(self.request.user, obj)


class AgencyIndexView(AgencyScope, ScopedListMixin, generic.IndexView):
    default_ordering = "path"

    @cached_property
    def columns(self):
        columns = super().columns
        columns[0] = self._get_title_column("name", column_class=TreeTitleColumn)
        return columns

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.active and permissions.can_manage_agencies(self.request.user):
            url = reverse("agencies_agency:merge", args=(instance.pk,))
            buttons.append(MenuItem(_("Merge into another agency"), url=url, icon_name="arrow-right", priority=25))
        return buttons


class AgencyCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return create_agency(code=data["code"], name=data["name"], kind=data["kind"], parent=data["parent"])


class AgencyEditView(AgencyScope, ScopedObjectMixin, generic.EditView):
    def save_instance(self):
        instance = self.form.instance
        parent = self.form.cleaned_data.get("parent")
        with transaction.atomic():
            instance.save(update_fields=["code", "name", "kind"])
            if parent is not None and parent != instance.get_parent():
                instance = move_agency(instance, parent)
        return instance


class AgencyDeleteView(AgencyScope, ScopedObjectMixin, generic.DeleteView):
    """An agency with units, staff or a staff history is merged or dissolved, never deleted."""

    def dispatch(self, request, *args, **kwargs):
        agency = self.object
        in_use = (
            not agency.is_leaf()
            or StaffMember.objects.filter(agency=agency).exists()
            or StaffPlacement.objects.filter(agency=agency).exists()
            or agency.predecessors.exists()
        )
        if in_use:
            messages.error(
                request,
                _("%(agency)s has units or staff history: merge it into another agency instead.") % {"agency": agency},
            )
            return redirect(self.index_url_name)
        return super().dispatch(request, *args, **kwargs)


class AgencyInspectView(AgencyScope, ScopedObjectMixin, generic.InspectView):
    pass


class AgencyHistoryView(AgencyScope, ScopedObjectMixin, HistoryView):
    pass


class AgencyUsageView(AgencyScope, ScopedObjectMixin, UsageView):
    pass


class MergeForm(forms.Form):
    successor = forms.ModelChoiceField(label=gettext_lazy("Merge into"), queryset=Agency.objects.none())
    on = forms.DateField(
        label=gettext_lazy("From (dd/mm/yyyy)"),
        input_formats=["%d/%m/%Y"],
        widget=forms.DateInput(format="%d/%m/%Y"),
    )

    def __init__(self, agency, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["successor"]
        field.queryset = Agency.objects.filter(active=True).exclude(path__startswith=agency.path).order_by("path")
        field.label_from_instance = tree_label
        self.fields["on"].initial = today()


def merge_view(request, pk):
    """Merge an agency into its successor (staff and units move, history stays): administrators only."""
    if not permissions.can_manage_agencies(request.user):
        raise PermissionDenied
    agency = get_object_or_404(Agency, pk=pk, active=True)
    form = MergeForm(agency, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            merge_agency(agency, form.cleaned_data["successor"], on=form.cleaned_data["on"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("%(agency)s was merged into %(successor)s from %(date)s.")
                % {
                    "agency": agency,
                    "successor": form.cleaned_data["successor"],
                    "date": form.cleaned_data["on"].strftime("%d/%m/%Y"),
                },
            )
            return redirect("agencies_agency:index")
    return TemplateResponse(request, "agencies/merge_agency.html", {"agency": agency, "form": form})


class AgencyViewSet(ModelViewSet):
    model = Agency
    icon = "site"
    menu_label = gettext_lazy("Agencies")
    url_prefix = "agencies/agency"
    url_namespace = "agencies_agency"
    index_view_class = AgencyIndexView
    add_view_class = AgencyCreateView
    edit_view_class = AgencyEditView
    delete_view_class = AgencyDeleteView
    inspect_view_class = AgencyInspectView
    history_view_class = AgencyHistoryView
    usage_view_class = AgencyUsageView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "name",
        "code",
        "kind",
        Column("parent_name", label=gettext_lazy("Belongs to")),
        Column("active_staff", label=gettext_lazy("Active staff"), sort_key="active_staff"),
        BooleanColumn("active", label=gettext_lazy("active")),
    ]
    list_filter = ["kind", "active"]
    search_fields = ["name", "code"]
    search_backend_name = None
    list_per_page = 100
    inspect_view_fields = ["name", "code", "kind", "active", "dissolved_on", "successor"]

    def get_form_class(self, for_update=False):
        return AgencyForm

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("merge/<int:pk>/", merge_view, name="merge")]
