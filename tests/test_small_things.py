"""Small things a new user trips over: slugs, the favicon, e-mail greetings, labels, the demo's profiles."""

import pytest

from tests.courses.conftest import catalogue, home  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_vietnamese_title_makes_an_ascii_slug(catalogue):  # noqa: F811
    from courses.models import CoursePage

    course = catalogue.add_child(
        instance=CoursePage(title="Đăng ký dịch vụ công: an toàn, đúng hạn", track="digital_government",
                            summary="Tóm tắt.")
    )  # fmt: skip
    assert course.slug == "dang-ky-dich-vu-cong-an-toan-dung-han"


def test_a_slug_the_admin_proposes_with_vietnamese_letters_is_saved_in_ascii(catalogue, admin_client):  # noqa: F811
    """The admin's script keeps the title's letters in the slug; saving turns them into ASCII (đ → d)."""
    from courses.models import CoursePage

    add = f"/admin/pages/add/courses/coursepage/{catalogue.pk}/"
    form = {"title": "Phòng chống mã độc tống tiền", "slug": "phòng-chống-mã-độc-tống-tiền",
            "track": "information_security", "audience": "everyone", "summary": "Tóm tắt.", "pass_mark": "80",
            "certificate_validity_months": "24", "estimated_hours": "4"}  # fmt: skip
    response = admin_client.post(add, form)
    assert response.status_code == 302, response.context["form"].errors
    assert CoursePage.objects.get(title=form["title"]).slug == "phong-chong-ma-doc-tong-tien"


def test_the_favicon_is_there(client, home_site):
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200


def test_emails_greet_with_the_sites_name(client, settings, mailoutbox, home_site):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    client.post(
        "/accounts/signup/",
        {"full_name": "Nguyễn Văn An", "email": "an@example.vn", "password1": "hoc-ky-nang-so-2026",
         "password2": "hoc-ky-nang-so-2026", "category": "citizen", "consent": "on"},
    )  # fmt: skip
    (mail,) = mailoutbox
    assert mail.subject.startswith("[Kỹ Năng Số]")
    assert "127.0.0.1" not in mail.subject and "testserver" not in mail.body.split("\n")[0]
    assert mail.body.split("\n")[0] == "Kỹ Năng Số xin chào!"


def test_the_catalogue_filter_names_each_audience_once(client, demo_site):
    page = client.get("/khoa-hoc/").content.decode()
    assert page.count(">Mọi người<") == 1 and "Mọi đối tượng" in page


def test_every_demo_learner_says_who_they_are(client, demo_site, django_user_model):
    from agencies.services import learner_category

    for email in ("hokinhdoanh@kynangso.local", "doanhnghiep@kynangso.local", "hocvien@kynangso.local"):
        assert learner_category(django_user_model.objects.get(email=email)) is not None


def test_the_wrong_password_message_names_phone_and_email(client, demo_site):
    response = client.post("/accounts/login/", {"login": "hocvien@kynangso.local", "password": "sai-mat-khau-1"})
    assert "số điện thoại" in response.content.decode()


def test_make_run_gives_links_and_qr_codes_the_port_it_serves():
    import os
    import subprocess

    from tests.conftest import ROOT

    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "HOST", "PORT"}}
    show = "--eval=show-site-url: ; @echo $$SITE_URL"
    for args, expected in (([], "http://127.0.0.1:8000"), (["PORT=8123"], "http://127.0.0.1:8123")):
        result = subprocess.run(["make", "-s", *args, show, "show-site-url"], cwd=ROOT, env=env, capture_output=True,
                                text=True, timeout=60, check=True)  # fmt: skip
        assert result.stdout.strip() == expected
