from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from agencies.services import ProvinceAdministratorsOnly

from .models import CourseIndexPage, CoursePage, TrustedTool


@hooks.register("after_create_page")
def set_up_a_new_catalogue(request, page):
    """A catalogue made in the admin gets the trainers' permissions and the approval workflow at once."""
    if isinstance(page.specific, CourseIndexPage):
        from .services import setup_catalogue

        setup_catalogue(page)


# Trusting a tool lets it certify learners: only province administrators decide that.
register_permission_policy(TrustedTool, ProvinceAdministratorsOnly(TrustedTool))


class TrustedToolForm(WagtailAdminModelForm):
    class Meta:
        model = TrustedTool
        fields = ["credential", "courses", "note"]
        widgets = {"courses": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["credential"].help_text = _(
            "A credential of another system (not a learner's). Its statements about lessons of the chosen "
            'courses move progress; its "passed" counts only at or above the pass mark.'
        )
        self.fields["courses"].queryset = CoursePage.objects.order_by("path")


class TrustedToolViewSet(ModelViewSet):
    model = TrustedTool
    icon = "key"
    menu_label = _("Trusted tools")
    menu_order = 290
    add_to_admin_menu = True
    url_prefix = "courses/trusted-tools"
    list_display = ["credential", "note", "created_at"]
    search_fields = ["credential__name", "note"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return TrustedToolForm


@hooks.register("register_admin_viewset")
def register_trusted_tools():
    return TrustedToolViewSet("courses_trusted_tools")
