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


def test_the_header_follows_the_catalogue_when_it_is_renamed(client, people):
    from courses.models import CourseIndexPage

    client.force_login(people["learner"])
    home = client.get("/").content.decode()
    assert 'href="/khoa-hoc/"' in home and 'href="/khoa-hoc/cua-toi/"' in home

    index = CourseIndexPage.objects.get()
    index.slug = "hoc-truc-tuyen"
    index.save_revision().publish()

    home = client.get("/").content.decode()
    assert 'href="/hoc-truc-tuyen/"' in home and 'href="/hoc-truc-tuyen/cua-toi/"' in home
    assert "/khoa-hoc/" not in home
    page = client.get("/hoc-truc-tuyen/cua-toi/").content.decode()
    assert 'href="/hoc-truc-tuyen/cua-toi/"' in page
    assert client.get("/vao/")["Location"] == "/hoc-truc-tuyen/cua-toi/"


def test_the_header_links_cost_no_query_once_known(client, people, django_assert_num_queries):
    from django.template import RequestContext, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = people["learner"]
    header = Template("{{ CATALOGUE_URL }} {{ MY_LEARNING_URL }}")
    assert header.render(RequestContext(request)) == "/khoa-hoc/ /khoa-hoc/cua-toi/"
    with django_assert_num_queries(0):
        assert header.render(RequestContext(request)) == "/khoa-hoc/ /khoa-hoc/cua-toi/"


def test_without_a_catalogue_the_header_has_no_course_links(client, home_site):
    home = client.get("/").content.decode()
    assert "/khoa-hoc/" not in home and 'href="/accounts/login/"' in home
