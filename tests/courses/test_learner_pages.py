"""The learner's pages through Django's test client: catalogue, course, enrolment, lessons, quiz."""

import re

import pytest

from tests.courses.conftest import lessons_of

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-rat-dai-2026"


def body(response):
    return response.content.decode()


def quiz_form(response):
    """The quiz token and the question ids the form asks, from the page."""
    html = body(response)
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    ids = list(dict.fromkeys(re.findall(r'name="q-([0-9a-f-]+)"', html)))
    return token, ids


def answers_for(quiz, ids, right=True):
    from courses.quiz import pool

    questions = pool(quiz.assessment)
    data = {}
    for question_id in ids:
        question = questions[question_id]
        if right:
            data[f"q-{question_id}"] = question["correct"]
        else:
            wrong = [value for value, _label in question["options"] if value not in question["correct"]]
            data[f"q-{question_id}"] = wrong[:1]
    return data


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner)
    return client


def test_catalogue_filters_by_track_and_audience_and_searches_without_diacritics(client, demo_site):
    everything = body(client.get("/khoa-hoc/"))
    assert "Kỹ năng số cơ bản cho cán bộ, công chức" in everything
    assert "Thương mại điện tử cho hộ sản xuất nông nghiệp" in everything

    shop = body(client.get("/khoa-hoc/", {"track": "e_commerce"}))
    assert "Thương mại điện tử cho hộ sản xuất nông nghiệp" in shop
    assert "Sử dụng chữ ký số" not in shop

    public = body(client.get("/khoa-hoc/", {"audience": "public"}))
    assert "Thương mại điện tử" in public and "Kỹ năng số cơ bản cho cán bộ" not in public

    found = body(client.get("/khoa-hoc/", {"q": "chu ky so"}))
    assert "Sử dụng chữ ký số và văn bản điện tử" in found
    assert "Thương mại điện tử cho hộ" not in found

    nothing = body(client.get("/khoa-hoc/", {"q": "khong co khoa nao nhu vay"}))
    assert "Không có khóa học nào phù hợp." in nothing


def test_a_filter_that_makes_no_sense_is_a_message_not_an_error(client, demo_site):
    response = client.get("/khoa-hoc/", {"track": "<script>", "audience": "robots"})
    assert response.status_code == 200
    html = body(response)
    assert "Không hiểu điều kiện lọc" in html
    assert "Thương mại điện tử cho hộ sản xuất nông nghiệp" in html


def test_home_page_links_the_catalogue_and_nav_links_my_learning(signed_in, demo_site):
    html = body(signed_in.get("/"))
    assert 'href="/khoa-hoc/"' in html and 'href="/khoa-hoc/cua-toi/"' in html


def test_course_page_for_a_visitor_asks_to_sign_in(client, make_course):
    course = make_course(title="Khóa mở")
    html = body(client.get(course.url))
    assert "Đăng nhập để ghi danh" in html
    assert "Bài 1" in html and "Bài kiểm tra" in html


def test_civil_servant_course_explains_why_a_citizen_cannot_enrol(signed_in, make_course):
    from courses.models import Enrolment

    course = make_course(audience="civil_servants")
    html = body(signed_in.get(course.url))
    assert "danh sách nhân sự" in html
    assert 'action="' + course.url + 'dang-ky/"' not in html
    response = signed_in.post(course.url + "dang-ky/", follow=True)
    assert response.status_code == 200
    assert "danh sách nhân sự" in body(response)
    assert not Enrolment.objects.exists()


def test_enrolment_needs_a_post(signed_in, make_course):
    course = make_course()
    assert signed_in.get(course.url + "dang-ky/").status_code == 405


def test_enrol_read_lessons_and_resume(signed_in, make_course, learner):
    from courses.models import Enrolment, LessonProgress

    course = make_course(lessons=3)
    first, second, third, quiz = lessons_of(course)
    assert signed_in.get(first.url).status_code == 302  # not enrolled yet: back to the course

    response = signed_in.post(course.url + "dang-ky/")
    assert response.status_code == 302 and response["Location"] == first.url
    enrolment = Enrolment.objects.get(user=learner, course=course)

    page = signed_in.get(first.url)
    html = body(page)
    assert page.status_code == 200
    assert "Bài 1/4" in html and 'aria-valuenow="0"' in html
    assert f'href="{second.url}"' in html
    assert 'rel="prev"' not in html

    response = signed_in.post(first.url, {"action": "complete"})
    assert response["Location"] == second.url
    assert LessonProgress.objects.get(enrolment=enrolment, lesson=first).status == "completed"
    html = body(signed_in.get(second.url))
    assert 'aria-valuenow="25"' in html and f'rel="prev" href="{first.url}"' in html

    # The course page offers to continue at the first lesson not done.
    html = body(signed_in.get(course.url))
    assert re.search(rf'<a class="button" href="{second.url}">Học tiếp: Bài 2</a>', html)

    # Marking a lesson twice records nothing new.
    from xapi.models import Statement

    count = Statement.objects.count()
    signed_in.post(first.url, {"action": "complete"})
    assert Statement.objects.count() == count
    # An unknown action changes nothing.
    assert signed_in.post(second.url, {"action": "hack"}).status_code == 302
    assert not LessonProgress.objects.filter(lesson=second).exists()


def test_quiz_fail_then_pass_completes_the_course(signed_in, make_course, learner):
    from courses.models import AssessmentAttempt, Completion

    course = make_course(lessons=1, max_attempts=3)
    lesson, quiz = lessons_of(course)
    signed_in.post(course.url + "dang-ky/")
    signed_in.post(lesson.url, {"action": "complete"})

    page = signed_in.get(quiz.url)
    html = body(page)
    assert "Còn 3 lần làm bài." in html
    token, ids = quiz_form(page)
    assert len(ids) == 4

    # Unanswered questions: a clear message, nothing recorded.
    response = signed_in.post(quiz.url, {"action": "submit", "token": token})
    assert response.status_code == 400
    assert "Hãy trả lời mọi câu hỏi" in body(response)
    assert not AssessmentAttempt.objects.exists()

    response = signed_in.post(quiz.url, {"action": "submit", "token": token, **answers_for(quiz, ids, False)})
    assert response.status_code == 302 and "ket-qua=" in response["Location"]
    result = body(signed_in.get(response["Location"]))
    assert "Chưa đạt" in result and "điểm của bạn là 0%" in result
    # Not passed yet: which answers were wrong, but not the right ones nor the explanations (the default).
    assert "Vì vậy." not in result and "đáp án đúng" not in result
    assert "Còn 2 lần làm bài." in result
    attempt = AssessmentAttempt.objects.get()
    assert attempt.passed is False and attempt.score == 0 and sorted(attempt.question_ids) == sorted(ids)

    # The same form sent again is not another attempt.
    again = signed_in.post(quiz.url, {"action": "submit", "token": token, **answers_for(quiz, ids)})
    assert again.status_code == 302
    assert AssessmentAttempt.objects.count() == 1

    token, ids = quiz_form(signed_in.get(quiz.url))
    response = signed_in.post(quiz.url, {"action": "submit", "token": token, **answers_for(quiz, ids)})
    result = body(signed_in.get(response["Location"]))
    assert "Đạt" in result and "điểm của bạn là 100%" in result
    assert "Vì vậy." in result  # passed: now the explanations
    completion = Completion.objects.get(enrolment__user=learner)
    assert completion.score == 1.0

    done = body(signed_in.get(course.url + "hoan-thanh/"))
    from django.utils import timezone

    assert "Đã hoàn thành khóa học" in done
    assert timezone.localtime(completion.completed_at).strftime("%d/%m/%Y") in done
    mine = body(signed_in.get("/khoa-hoc/cua-toi/"))
    assert course.title in mine and "Hoàn thành ngày" in mine
    # Once passed, the quiz is not offered again.
    assert 'name="token"' not in body(signed_in.get(quiz.url))


@pytest.mark.parametrize("choice, shown", [("always", True), ("never", False)])
def test_the_trainer_chooses_when_right_answers_show(signed_in, make_course, choice, shown):
    course = make_course(lessons=0, show_answers=choice)
    (quiz,) = lessons_of(course)
    signed_in.post(course.url + "dang-ky/")
    token, ids = quiz_form(signed_in.get(quiz.url))
    response = signed_in.post(quiz.url, {"action": "submit", "token": token, **answers_for(quiz, ids, False)})
    result = body(signed_in.get(response["Location"]))
    assert ("Vì vậy." in result) is shown and ("đáp án đúng" in result) is shown


def test_a_retry_draws_new_questions_when_the_pool_allows(signed_in, make_course):
    from courses.quiz import draw

    course = make_course(lessons=0, per_attempt=2)
    (quiz,) = lessons_of(course)
    signed_in.post(course.url + "dang-ky/")
    token, first = quiz_form(signed_in.get(quiz.url))
    signed_in.post(quiz.url, {"action": "submit", "token": token, **answers_for(quiz, first, False)})
    _token, second = quiz_form(signed_in.get(quiz.url))
    assert len(second) == 2 and not set(first) & set(second)  # a pool of 4, two per attempt
    # A pool barely larger than the attempt shares only what it must.
    for _ in range(20):
        assert len(set(draw(["a", "b", "c"], 2, previous=["a", "b"])) & {"a", "b"}) == 1


def test_a_tampered_or_foreign_quiz_form_is_refused(signed_in, make_course):
    from courses.models import AssessmentAttempt

    course = make_course(lessons=0)
    (quiz,) = lessons_of(course)
    signed_in.post(course.url + "dang-ky/")
    token, ids = quiz_form(signed_in.get(quiz.url))
    response = signed_in.post(
        quiz.url, {"action": "submit", "token": token[:-3] + "abc", **answers_for(quiz, ids)}, follow=True
    )
    assert "đã hết hạn hoặc đã thay đổi" in body(response)
    assert not AssessmentAttempt.objects.exists()


def test_the_attempt_limit_holds(signed_in, make_course):
    from courses.models import AssessmentAttempt

    course = make_course(lessons=0, max_attempts=1, per_attempt=2)
    (quiz,) = lessons_of(course)
    signed_in.post(course.url + "dang-ky/")
    token, ids = quiz_form(signed_in.get(quiz.url))
    assert len(ids) == 2  # two drawn from a pool of four
    signed_in.post(quiz.url, {"action": "submit", "token": token, **answers_for(quiz, ids, False)})
    html = body(signed_in.get(quiz.url))
    assert "Bạn đã hết lượt làm bài kiểm tra này" in html and 'name="token"' not in html
    response = signed_in.post(quiz.url, {"action": "submit", "token": token, **answers_for(quiz, ids)})
    assert response.status_code == 302
    assert AssessmentAttempt.objects.count() == 1


def test_my_learning_needs_sign_in_and_lists_courses_in_progress(client, signed_in, make_course):
    course = make_course(lessons=2)
    signed_in.post(course.url + "dang-ky/")
    html = body(signed_in.get("/khoa-hoc/cua-toi/"))
    assert "Đang học" in html and course.title in html and 'aria-valuenow="0"' in html
    signed_in.logout()
    assert signed_in.get("/khoa-hoc/cua-toi/").status_code == 302


def test_completion_page_without_completion_goes_back_to_the_course(signed_in, make_course):
    course = make_course()
    response = signed_in.get(course.url + "hoan-thanh/")
    assert response.status_code == 302 and response["Location"] == course.url


def test_completion_links_from_other_apps_show(signed_in, make_course, learner):
    from courses.models import Completion, Enrolment
    from courses.services import _completion_links, register_completion_link

    course = make_course()
    signed_in.post(course.url + "dang-ky/")
    enrolment = Enrolment.objects.get()
    Completion.objects.create(enrolment=enrolment, completed_at=enrolment.enrolled_at, score=0.9)

    def link(completion):
        return ("Tải chứng nhận", f"/certificates/demo-{completion.pk}.pdf")

    register_completion_link(link)
    try:
        assert "Tải chứng nhận" in body(signed_in.get(course.url + "hoan-thanh/"))
        assert "/certificates/demo-" in body(signed_in.get("/khoa-hoc/cua-toi/"))
    finally:
        _completion_links.remove(link)


def test_xapi_activity_is_launched_with_a_short_lived_credential(signed_in, make_course, learner, settings):
    from urllib.parse import parse_qs, urlparse

    from courses.demo import publish
    from courses.models import Enrolment, LessonPage
    from courses.services import lesson_activity_id
    from xapi.models import Credential

    course = make_course(lessons=0, quiz=False)
    lesson = publish(
        course,
        LessonPage(
            title="Bài tương tác",
            slug="tuong-tac",
            body=[{"type": "xapi_activity", "value": {"launch_url": "https://h5p.example.vn/a?x=1",
                                                      "title": "H5P", "height": 500}}],
        ),
    )  # fmt: skip
    signed_in.post(course.url + "dang-ky/")
    html = body(signed_in.get(lesson.url))
    src = re.search(r'<iframe src="([^"]+)"', html).group(1).replace("&amp;", "&")
    query = parse_qs(urlparse(src).query)
    assert query["x"] == ["1"]
    assert query["endpoint"] == [f"{settings.SITE_URL}/xapi/"]
    assert query["activity_id"] == [lesson_activity_id(lesson)]
    assert query["registration"] == [str(Enrolment.objects.get().registration)]
    assert str(learner.public_id) in query["actor"][0]
    credential = Credential.objects.get(owner=learner)
    assert credential.expires_at is not None and "all" not in credential.scopes
