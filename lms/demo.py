"""Demo data for the site itself: the Wagtail site, the home page, an administrator."""

from django.conf import settings
from django.utils.translation import gettext as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from accounts.services import demo_login

from .models import HomePage

HOME_TITLE = "Kỹ Năng Số Nghệ An"


def seed(report):
    # Wagtail's migrations make the locale and the root page; a flushed database has neither.
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(
            instance=HomePage(
                title=HOME_TITLE,
                slug="trang-chu",
                lead="",
                seo_title="Kỹ Năng Số: đào tạo kỹ năng số cho cán bộ, công chức, viên chức Nghệ An",
            )
        )
        report.created(_("home page"))
    # Wagtail's initial "Welcome" page is replaced by ours.
    for page in root.get_children().exclude(pk=home.pk).filter(content_type__model="page"):
        page.delete()
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":")[0]
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(is_default_site=True)
    site.hostname, site.port, site.root_page, site.site_name = host or "localhost", 80, home, "Kỹ Năng Số"
    site.save()

    demo_login(report, "admin")
