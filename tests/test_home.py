import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

VI_HEADING = "Kỹ năng số cho mọi cán bộ, công chức, viên chức Nghệ An"
EN_HEADING = "Digital skills for every cadre, civil servant and public employee of Nghệ An"


def test_home_page_is_vietnamese_by_default(client, home_site):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="vi">' in body
    assert VI_HEADING in body
    assert "Mục tiêu theo Nghị quyết 09-NQ/TU" in body
    assert EN_HEADING not in body


def test_home_page_in_english_after_choosing_it(client, home_site):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body
    assert EN_HEADING in body
    assert VI_HEADING not in body


def test_home_page_links_sign_in_and_loads_nothing_from_outside(client, home_site):
    body = client.get("/").content.decode()
    assert 'href="/accounts/login/"' in body
    # No CDN: every script, stylesheet and image comes from the site itself.
    for marker in ('src="http', "src='http", 'href="http', "//cdn"):
        assert marker not in body, marker


def test_seed_demo_is_idempotent_and_prints_logins(db):
    from io import StringIO

    from django.core.management import call_command
    from wagtail.models import Page, Site

    from accounts.models import User
    from lms.models import HomePage

    first, second = StringIO(), StringIO()
    call_command("seed_demo", "--allow-production", "--without-history", stdout=first)
    counts = (Page.objects.count(), User.objects.count(), Site.objects.count())
    call_command("seed_demo", "--allow-production", "--without-history", stdout=second)
    assert (Page.objects.count(), User.objects.count(), Site.objects.count()) == counts
    assert HomePage.objects.count() == 1
    assert Site.objects.get(is_default_site=True).root_page.specific_class is HomePage
    assert "admin@kynangso.local" in second.getvalue()
    # The summary is in Vietnamese, as the rest of the site.
    assert first.getvalue().startswith("Đã tạo: ") and "trang chủ" in first.getvalue()
    assert second.getvalue().startswith("Dữ liệu mẫu đã có sẵn, không tạo thêm.")
    assert "Tài khoản mẫu:" in second.getvalue() and "Quản trị viên" in second.getvalue()
    assert not {"Created", "Demo logins", "Administrator", "Trainer"} & set(second.getvalue().replace(":", " ").split())


def test_seed_demo_refuses_production_without_flag(db, settings):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
