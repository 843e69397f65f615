"""Steps the browser journeys share: signing in, answering a quiz, and the course journey up to passing."""

import re

COURSE = "Kỹ năng số cơ bản cho cán bộ, công chức"
LEARNER_EMAIL = "hocvien@kynangso.local"
LEARNER_PASSWORD = "hocvien-kns-2026"  # noqa: S105 (seed_demo's demo learner)


def sign_in(page, base, email, password):
    page.goto(base + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, page.content()[:2000]


def answer_quiz(page, quiz, right):
    from courses.quiz import pool

    questions = pool(quiz.assessment)
    ids = list(dict.fromkeys(re.findall(r'name="q-([0-9a-f-]+)"', page.content())))
    assert ids, "the quiz form shows no question"
    for question_id in ids:
        question = questions[question_id]
        if right:
            values = question["correct"]
        else:
            values = [v for v, _label in question["options"] if v not in question["correct"]][:1]
        for value in values:
            page.check(f"input[name='q-{question_id}'][value='{value}']")
    page.click("form.quiz-form button[type=submit]")
    page.wait_for_load_state()


def fail_the_quiz(page, quiz):
    """Answer `quiz` wrongly; returns the feedback's text (at least one answer is marked wrong)."""
    answer_quiz(page, quiz, right=False)
    assert "Chưa đạt" in page.locator(".quiz-result").inner_text()
    assert page.locator(".feedback li.wrong").count() >= 1
    return page.locator(".feedback").inner_text()


def retry_the_quiz(page):
    page.click("text=Làm lại")
    page.wait_for_load_state()


def pass_the_digital_skills_course(page, base, screenshot_dir):
    """The signed-in learner finds the course, enrols, reads its lessons, fails the final quiz, then passes it.

    Returns the course page; the browser is left on the passed quiz's result.
    """
    from courses.models import CoursePage, LessonPage

    page.goto(base + "/")
    page.click("nav.site-nav a[href='/khoa-hoc/']")
    page.fill("input[name=q]", "ky nang so co ban")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    page.click(f"text={COURSE}")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == COURSE
    page.screenshot(path=screenshot_dir / "course-page.png", full_page=True)

    page.click("text=Ghi danh khóa học này")
    page.wait_for_load_state()
    course = CoursePage.objects.get(title=COURSE)
    lessons = list(LessonPage.objects.child_of(course).live().order_by("path"))
    for lesson in lessons[:-1]:
        assert page.locator("h1").inner_text() == lesson.title
        page.click("button[data-action=complete]")
        page.wait_for_load_state()
    quiz = lessons[-1]
    assert page.locator("h1").inner_text() == quiz.title
    page.screenshot(path=screenshot_dir / "quiz.png", full_page=True)

    # Right answers show only after passing (the default), so a failed attempt is no answer key.
    assert "đáp án đúng" not in fail_the_quiz(page, quiz)
    page.screenshot(path=screenshot_dir / "quiz-failed-no-answer-key.png", full_page=True)
    retry_the_quiz(page)
    answer_quiz(page, quiz, right=True)
    result = page.locator(".quiz-result").inner_text()
    assert "Đạt" in result and "100%" in result
    page.screenshot(path=screenshot_dir / "quiz-passed.png", full_page=True)
    return course
