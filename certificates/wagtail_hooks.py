from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_views import CertificateViewSet
from .models import CertificateTemplate, CourseCertificateSetting


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full-inverse"
    menu_label = _("Certificate templates")
    list_display = ["name", "issuing_body", "signatory_name", "is_default"]
    search_fields = ["name"]


class CourseCertificateSettingViewSet(SnippetViewSet):
    model = CourseCertificateSetting
    icon = "link"
    menu_label = _("Course templates")
    list_display = ["course", "template"]


class CertificateSnippets(SnippetViewSetGroup):
    menu_label = _("Certificate design")
    menu_icon = "doc-full-inverse"
    menu_order = 330
    items = (CertificateTemplateViewSet, CourseCertificateSettingViewSet)


register_snippet(CertificateSnippets)


@hooks.register("register_admin_viewset")
def register_certificate_viewset():
    return CertificateViewSet("certificates_admin")
