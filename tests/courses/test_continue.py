"""Continue where you stopped: "my learning", the home page and the course page take the learner straight
to the lesson to continue with, and "my learning" costs the same few queries whatever the number of courses."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.courses.conftest import lessons_of
from tests.courses.test_learner_pages import answers_for, quiz_form

pytestmark = pytest.mark.django_db

MY_LEARNING = "/khoa-hoc/cua-toi/"


def body(response):
    assert response.status_code == 200
    return response.content.decode()


def continue_links(html):
    """The targets of the "Học tiếp" buttons of a page, in order."""
    return re.findall(r'<a class="button" href="([^"]+)">Học tiếp', html)


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner)
    return client


def done(enrolment, lesson, when=None):
    from courses.services import record_lesson_done

    record_lesson_done(enrolment.user, lesson, enrolment.registration, timestamp=when)


def enrolled(learner, course):
    from courses.services import enrol

    return enrol(learner, course)


def test_after_partial_progress_my_learning_continues_at_the_next_lesson(signed_in, make_course, learner):
    course = make_course(lessons=3)
    first, second, third, _quiz = lessons_of(course)
    enrolment = enrolled(learner, course)
    done(enrolment, first, datetime(2026, 3, 1, 8, 0, tzinfo=UTC))
    done(enrolment, second, datetime(2026, 3, 1, 18, 30, tzinfo=UTC))  # 01:30 on 2 March in Vinh

    html = body(signed_in.get(MY_LEARNING))
    assert continue_links(html) == [third.url]
    assert "Bài tiếp theo: Bài 3" in html
    assert 'aria-valuenow="50"' in html and "Đã học 50%" in html
    assert "Hoạt động gần nhất ngày 02/03/2026" in html


def opened_and_left(learner, make_course, position):
    """A three-lesson course the learner enrolled in, finished the first lesson of, then opened the lesson at
    `position` (0 is the first) and left: the course and its lessons (the quiz last)."""
    from courses.activities import activity
    from xapi.services import record

    course = make_course(lessons=3)
    lessons = lessons_of(course)
    enrolment = enrolled(learner, course)
    done(enrolment, lessons[0])
    record(learner, "launched", activity("lesson", lessons[position]), registration=enrolment.registration)
    return course, lessons


def test_a_lesson_started_and_left_is_where_the_learner_continues(signed_in, make_course, learner):
    _course, (_first, _second, third, _quiz) = opened_and_left(learner, make_course, 2)
    assert continue_links(body(signed_in.get(MY_LEARNING))) == [third.url]


def test_after_a_failed_quiz_the_learner_continues_at_the_quiz(signed_in, make_course, learner):
    course = make_course(lessons=2)
    first, second, quiz = lessons_of(course)
    signed_in.post(course.url + "dang-ky/")
    signed_in.post(first.url, {"action": "complete"})
    signed_in.post(second.url, {"action": "complete"})
    token, ids = quiz_form(signed_in.get(quiz.url))
    signed_in.post(quiz.url, {"action": "submit", "token": token, **answers_for(quiz, ids, right=False)})

    html = body(signed_in.get(MY_LEARNING))
    assert continue_links(html) == [quiz.url]
    assert "Bài tiếp theo: Bài kiểm tra" in html
    assert continue_links(body(signed_in.get("/"))) == [quiz.url]


def test_an_unpublished_lesson_is_skipped(signed_in, make_course, learner):
    course, (_first, second, third, _quiz) = opened_and_left(learner, make_course, 1)
    assert continue_links(body(signed_in.get(MY_LEARNING))) == [second.url]

    second.unpublish()
    html = body(signed_in.get(MY_LEARNING))
    assert continue_links(html) == [third.url]
    assert 'aria-valuenow="33"' in html  # one of the three lessons that still count
    assert f'href="{third.url}">Học tiếp: Bài 3</a>' in body(signed_in.get(course.url))


def test_courses_in_progress_come_last_active_first_and_completed_ones_after(signed_in, make_course, learner):
    from courses.models import Completion

    older = make_course(title="Khóa cũ", lessons=2)
    newer = make_course(title="Khóa mới", lessons=2)
    finished = make_course(title="Khóa đã xong", lessons=1)
    for course in (newer, older, finished):  # enrolment order is not activity order
        enrolled(learner, course)
    now = datetime.now(UTC)
    done(enrolled(learner, older), lessons_of(older)[0], now - timedelta(days=3))
    done(enrolled(learner, newer), lessons_of(newer)[0], now - timedelta(days=1))
    enrolment = enrolled(learner, finished)
    Completion.objects.create(enrolment=enrolment, completed_at=now, score=1.0)

    html = body(signed_in.get(MY_LEARNING))
    in_progress, completed = html.split('id="completed"')
    assert in_progress.index("Khóa mới") < in_progress.index("Khóa cũ")
    assert "Khóa đã xong" not in in_progress and "Khóa đã xong" in completed
    assert continue_links(in_progress) == [lessons_of(newer)[1].url, lessons_of(older)[1].url]
    assert continue_links(completed) == []
    assert "Hoàn thành ngày" in completed


def test_the_home_page_offers_the_latest_course_in_progress(client, signed_in, make_course, learner):
    older = make_course(title="Khóa cũ", lessons=2)
    newer = make_course(title="Khóa mới", lessons=3)
    now = datetime.now(UTC)
    done(enrolled(learner, older), lessons_of(older)[0], now - timedelta(hours=1))
    done(enrolled(learner, newer), lessons_of(newer)[0], now - timedelta(days=2))

    html = body(signed_in.get("/"))
    assert "Học tiếp từ chỗ đã dừng" in html
    assert continue_links(html) == [lessons_of(older)[1].url]
    assert "Khóa cũ" in html and "Khóa mới" not in html

    # Nothing in progress: the catalogue, as before.
    client.logout()
    assert continue_links(body(client.get("/"))) == []


def test_the_home_page_without_a_course_in_progress_links_the_catalogue(signed_in, catalogue):
    html = body(signed_in.get("/"))
    assert continue_links(html) == [] and '<a class="button" href="/khoa-hoc/">' in html


def test_the_course_page_button_names_the_lesson_to_continue(signed_in, make_course, learner):
    course = make_course(lessons=3)
    first, second, _third, _quiz = lessons_of(course)
    enrolment = enrolled(learner, course)
    assert f'<a class="button" href="{first.url}">Học tiếp: Bài 1</a>' in body(signed_in.get(course.url))
    done(enrolment, first)
    assert f'<a class="button" href="{second.url}">Học tiếp: Bài 2</a>' in body(signed_in.get(course.url))


def my_learning_queries(client, learner, make_course, count, *, completed):
    from courses.models import Completion

    now = datetime.now(UTC)
    for number in range(count):
        course = make_course(title=f"Khóa {number}", lessons=3)
        enrolment = enrolled(learner, course)
        done(enrolment, lessons_of(course)[0])
        if completed:
            Completion.objects.create(enrolment=enrolment, completed_at=now, score=0.9)
    client.get(MY_LEARNING)  # warm what a long-running process keeps (site root paths)
    with CaptureQueriesContext(connection) as queries:
        html = body(client.get(MY_LEARNING))
    assert html.count('class="card ') == count
    return len(queries)


@pytest.mark.parametrize("completed", [False, True], ids=["in progress", "completed"])
def test_my_learning_costs_the_same_queries_for_one_course_or_five(client, make_course, django_user_model, completed):
    counts = []
    for count, name in ((1, "mot"), (5, "nam")):
        learner = django_user_model.objects.create_user(
            username=name, email=f"{name}@example.vn", password="mat-khau-rat-dai-2026", full_name="Lê Văn Năm"
        )
        client.force_login(learner)
        counts.append(my_learning_queries(client, learner, make_course, count, completed=completed))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 8, counts
