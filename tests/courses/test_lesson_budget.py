"""Light pages for slow rural links: a lesson page is small and costs the same few queries at any size."""

import pytest

from tests.courses.conftest import lessons_of

pytestmark = pytest.mark.django_db

MAX_BYTES = 150 * 1024
MAX_QUERIES = 5


@pytest.fixture
def enrolled(client, learner):
    from courses.services import enrol

    def make(course):
        enrol(learner, course)
        client.force_login(learner)
        return client

    return make


@pytest.mark.parametrize("size", [3, 40])
def test_a_lesson_page_stays_within_its_budget_whatever_the_course_size(
    make_course, enrolled, size, django_assert_max_num_queries
):
    from courses.activities import activity
    from courses.models import Enrolment
    from xapi.services import record

    course = make_course(lessons=size)
    lessons = lessons_of(course)
    client = enrolled(course)
    enrolment = Enrolment.objects.get()
    for lesson in lessons[: size // 2]:  # half done: progress rows exist for many lessons
        record(enrolment.user, "experienced", activity("lesson", lesson), registration=enrolment.registration)
    middle = lessons[size // 2]
    client.get(middle.url)  # warm the caches a long-running process has (site root paths)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(middle.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(response.content) < MAX_BYTES
    assert html.count("<li") >= size  # every lesson is listed
    assert f'aria-valuenow="{round(100 * (size // 2) / (size + 1))}"' in html


def test_the_quiz_page_stays_within_the_query_budget(make_course, enrolled, django_assert_max_num_queries):
    course = make_course(lessons=20)
    quiz = lessons_of(course)[-1]
    client = enrolled(course)
    client.get(quiz.url)
    with django_assert_max_num_queries(MAX_QUERIES + 1):  # the quiz adds one: the learner's attempts
        response = client.get(quiz.url)
    assert response.status_code == 200 and 'name="token"' in response.content.decode()


def test_the_demo_lessons_are_light(client, demo_site):
    from django.contrib.auth import get_user_model

    from courses.models import CoursePage
    from courses.services import enrol

    user = get_user_model().objects.get(email="hocvien@kynangso.local")
    client.force_login(user)
    for course in CoursePage.objects.live():
        enrol(user, course)
        for lesson in lessons_of(course):
            response = client.get(lesson.url)
            assert response.status_code == 200
            assert len(response.content) < MAX_BYTES, lesson.url
