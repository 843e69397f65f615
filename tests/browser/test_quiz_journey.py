"""The final quiz's answer key in Debian's Chromium: the trainer chooses, per quiz, when right answers show
(never / after passing, the default, which the course journey checks / always); a retry of a quiz whose
bank is larger than one attempt draws a new set of questions."""

import re

import pytest

from tests.browser.journeys import answer_quiz, fail_the_quiz, retry_the_quiz, sign_in
from tests.courses.conftest import catalogue, home, learner, make_course  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-rat-dai-2026"  # noqa: S105 (tests/courses/conftest.py's learner)


@pytest.fixture
def signed_up(learner):  # noqa: F811
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=learner, email=learner.email, verified=True, primary=True)
    return learner


def asked(page):
    return list(dict.fromkeys(re.findall(r'name="q-([0-9a-f-]+)"', page.content())))


def start(page, base, course):
    from courses.models import LessonPage

    (quiz,) = LessonPage.objects.child_of(course).live()
    page.goto(base + course.url)
    page.click("text=Ghi danh khóa học này")
    page.wait_for_load_state()
    page.goto(base + quiz.url)
    return quiz


def test_the_trainers_choice_decides_when_right_answers_show_and_a_retry_asks_new_questions(
    page,
    live_server,
    make_course,  # noqa: F811
    signed_up,
    screenshot_dir,
):
    base = live_server.url
    always = make_course(title="Đáp án luôn hiện", slug="dap-an-luon-hien", lessons=0, per_attempt=2,
                         show_answers="always")  # fmt: skip
    never = make_course(title="Đáp án không bao giờ hiện", slug="dap-an-khong-hien", lessons=0,
                        show_answers="never")  # fmt: skip
    sign_in(page, base, signed_up.email, PASSWORD)

    # "Always": a failed attempt shows the right answers and why; the retry asks two other questions.
    quiz = start(page, base, always)
    first = asked(page)
    assert len(first) == 2
    feedback = fail_the_quiz(page, quiz)
    assert "đáp án đúng" in feedback and "Vì vậy." in feedback
    page.screenshot(path=screenshot_dir / "quiz-failed-answers-always.png", full_page=True)
    retry_the_quiz(page)
    second = asked(page)
    assert len(second) == 2 and not set(first) & set(second)  # a bank of four, two an attempt
    page.screenshot(path=screenshot_dir / "quiz-retry-new-questions.png", full_page=True)

    # "Never": neither a failed nor a passed attempt gives the answer key away.
    quiz = start(page, base, never)
    assert "đáp án đúng" not in fail_the_quiz(page, quiz)
    page.screenshot(path=screenshot_dir / "quiz-failed-answers-never.png", full_page=True)
    retry_the_quiz(page)
    answer_quiz(page, quiz, right=True)
    assert "Đạt" in page.locator(".quiz-result").inner_text()
    assert "đáp án đúng" not in page.content() and "Vì vậy." not in page.content()
    page.screenshot(path=screenshot_dir / "quiz-passed-answers-never.png", full_page=True)
