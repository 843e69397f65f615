"""Finding one's way: where sign-in lands, the header and admin links to reports, checking a printed code."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(demo_site, django_user_model):
    return {
        "hr": django_user_model.objects.get(email="hr.skhcn@kynangso.local"),
        "learner": django_user_model.objects.get(email="hocvien@kynangso.local"),
    }


def test_sign_in_lands_hr_officers_on_their_report_and_learners_on_their_learning(client, people):
    response = client.post("/accounts/login/", {"login": "hr.skhcn@kynangso.local", "password": "hr-kns-2026"})
    assert response["Location"] == "/vao/"
    assert client.get("/vao/")["Location"] == "/reports/coverage/"
    client.logout()
    client.post("/accounts/login/", {"login": "hocvien@kynangso.local", "password": "hocvien-kns-2026"})
    assert client.get("/vao/")["Location"] == "/khoa-hoc/cua-toi/"


def test_the_header_and_the_admin_link_reports_for_those_who_may_see_them(client, people):
    client.force_login(people["hr"])
    assert 'href="/reports/coverage/"' in client.get("/khoa-hoc/").content.decode()
    assert "/reports/coverage/" in client.get("/admin/").content.decode()  # the sidebar's menu (JSON props)
    client.force_login(people["learner"])
    page = client.get("/khoa-hoc/").content.decode()
    assert 'href="/reports/coverage/"' not in page and 'href="/certificates/mine/"' in page


def test_a_printed_code_is_checked_from_the_footer(client, demo_site):
    home = client.get("/").content.decode()
    assert 'href="/certificates/verify/"' in home
    response = client.get("/certificates/verify/", {"ma": "na 2026 7kq4 m2xd"})
    assert response["Location"] == "/certificates/verify/NA-2026-7KQ4-M2XD/"
    wrong = client.get("/certificates/verify/", {"ma": "xyz"}, follow=True)
    assert "NA-2026-7KQ4-M2XD" in wrong.content.decode() and wrong.status_code == 200
