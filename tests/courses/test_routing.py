"""Routing in one query (courses.routing), the cached site (lms.sites) and the userbar: Wagtail's rules hold."""

import pytest

from tests.courses.conftest import lessons_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, learner, make_course):
    from courses.services import enrol

    course = make_course(lessons=3)
    enrol(learner, course)
    client.force_login(learner)
    return client, course, lessons_of(course)


def test_a_lesson_is_found_with_one_page_query(signed_in, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client, _course, lessons = signed_in
    client.get(lessons[1].url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(lessons[1].url)
    assert response.status_code == 200
    page_queries = [q["sql"] for q in queries if 'FROM "wagtailcore_page"' in q["sql"].split(" WHERE ")[0]]
    site_queries = [q["sql"] for q in queries if '"wagtailcore_site"' in q["sql"]]
    assert len(page_queries) == 1 and not site_queries
    assert "auth_permission" not in " ".join(q["sql"] for q in queries)  # no userbar for a learner


def test_missing_and_unpublished_pages_are_not_found(signed_in):
    client, course, lessons = signed_in
    assert client.get(course.url + "khong-co/").status_code == 404
    assert client.get("/khoa-hoc/khong-co/bai-1/").status_code == 404
    assert client.get("/khong-co/").status_code == 404
    assert client.get(lessons[0].url + "thua/").status_code == 404
    lessons[0].unpublish()
    assert client.get(lessons[0].url).status_code == 404
    assert client.get(lessons[1].url).status_code == 200
    assert client.get(course.url).status_code == 200
    assert client.get(course.url + "dang-ky/").status_code == 405  # the course's own sub-page, POST only
    assert client.get("/khoa-hoc/cua-toi/").status_code == 200


def test_a_private_course_still_asks_for_its_group(signed_in):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    client, course, lessons = signed_in
    restriction = PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.create(name="Chỉ cán bộ"))
    response = client.get(lessons[1].url)
    assert response.status_code == 302 and "bai-2" not in response.get("Location", "").split("?")[0]


def test_redirects_still_answer_a_path_that_is_not_a_page(signed_in):
    from wagtail.contrib.redirects.models import Redirect

    client, _course, lessons = signed_in
    Redirect.objects.create(old_path="/bai-cu", redirect_page=lessons[1])
    response = client.get("/bai-cu/")
    assert response.status_code in (301, 302) and response["Location"].endswith(lessons[1].url)


def test_the_home_page_is_served_as_it_is_now_though_the_site_is_cached(client, home):
    from lms.models import HomePage

    assert client.get("/").status_code == 200
    HomePage.objects.filter(pk=home.pk).update(lead="Lời chào mới")  # as another process would, no signal
    assert "Lời chào mới" in client.get("/").content.decode()
    HomePage.objects.filter(pk=home.pk).update(live=False)
    assert client.get("/").status_code == 404


def test_saving_a_site_clears_the_cached_site(client, catalogue):
    from wagtail.models import Site

    assert client.get("/khoa-hoc/").status_code == 200
    site = Site.objects.get()
    site.is_default_site = False
    site.hostname = "khac.example.vn"
    site.save()
    assert client.get("/khoa-hoc/").status_code == 404
    site.hostname = "testserver"
    site.save()
    assert client.get("/khoa-hoc/").status_code == 200


def test_the_cached_site_expires(client, catalogue, settings):
    from wagtail.models import Site

    settings.SITE_CACHE_SECONDS = 0.2
    assert client.get("/khoa-hoc/").status_code == 200
    Site.objects.update(is_default_site=False, hostname="khac.example.vn")  # another process, no signal
    import time

    time.sleep(0.3)
    assert client.get("/khoa-hoc/").status_code == 404


def test_the_userbar_shows_only_to_those_who_may_edit_the_page(client, signed_in, django_user_model):
    client, course, lessons = signed_in
    assert "wagtail-userbar" not in client.get(lessons[1].url).content.decode()

    editor = django_user_model.objects.create_superuser(
        username="bientap", email="bientap@example.vn", password="mat-khau-rat-dai-2026"
    )
    client.force_login(editor)
    assert "wagtail-userbar" in client.get(course.url).content.decode()
    assert "wagtail-userbar" not in client.get("/reports/coverage/").content.decode()


def test_the_userbar_is_decided_for_sessions_made_before_sign_in_kept_it(client, signed_in, django_user_model):
    from lms.apps import USES_ADMIN_KEY

    client, course, _lessons = signed_in
    editor = django_user_model.objects.create_superuser(
        username="bientap", email="bientap@example.vn", password="mat-khau-rat-dai-2026"
    )
    client.force_login(editor)
    session = client.session
    del session[USES_ADMIN_KEY]
    session.save()
    assert "wagtail-userbar" in client.get(course.url).content.decode()
    assert client.session[USES_ADMIN_KEY] is True
