"""The course journey in Debian's Chromium: a civil servant takes the digital-skills course to completion;
a trainer's new course waits for a province administrator's approval and appears after it."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COURSE = "Kỹ năng số cơ bản cho cán bộ, công chức"


def sign_in(page, base, email, password):
    page.goto(base + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, page.content()[:2000]


def answer_quiz(page, quiz, right):
    from courses.views import pool

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


def test_a_civil_servant_completes_the_digital_skills_course(page, live_server, demo_site, screenshot_dir):
    from courses.models import CoursePage, LessonPage

    base = live_server.url
    sign_in(page, base, "hocvien@kynangso.local", "hocvien-kns-2026")

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

    answer_quiz(page, quiz, right=False)
    assert "Chưa đạt" in page.locator(".quiz-result").inner_text()
    assert page.locator(".feedback li.wrong").count() >= 1
    page.click("text=Làm lại")
    page.wait_for_load_state()
    answer_quiz(page, quiz, right=True)
    result = page.locator(".quiz-result").inner_text()
    assert "Đạt" in result and "100%" in result
    page.screenshot(path=screenshot_dir / "quiz-passed.png", full_page=True)

    page.click("nav.site-nav a[href='/khoa-hoc/cua-toi/']")
    page.wait_for_load_state()
    completed = page.locator("section[aria-labelledby=completed]").inner_text()
    assert COURSE in completed and "Hoàn thành ngày" in completed
    assert COURSE not in page.locator("section[aria-labelledby=in-progress]").inner_text()
    page.screenshot(path=screenshot_dir / "my-learning.png", full_page=True)


def test_a_trainers_course_waits_for_approval(browser, live_server, demo_site, screenshot_dir):
    from courses.models import CourseIndexPage, CoursePage

    base = live_server.url
    index = CourseIndexPage.objects.get()
    title = "Phòng chống mã độc tống tiền"

    trainer_context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    trainer = trainer_context.new_page()
    sign_in(trainer, base, "trainer@kynangso.local", "trainer-kns-2026")
    trainer.goto(f"{base}/admin/pages/add/courses/coursepage/{index.pk}/")
    trainer.fill("#id_title", title)
    trainer.select_option("#id_track", "information_security")
    trainer.select_option("#id_audience", "everyone")
    trainer.fill("#id_summary", "Sao lưu dữ liệu và nhận diện mã độc tống tiền trong cơ quan.")
    assert trainer.locator("button[name='action-publish']").count() == 0  # publishing is not offered
    trainer.eval_on_selector("button[name='action-submit']", "(button) => button.click()")
    trainer.wait_for_url(re.compile(r"/admin/pages/\d+/"))
    trainer.screenshot(path=screenshot_dir / "trainer-submitted.png", full_page=True)
    course = CoursePage.objects.get(title=title)
    assert course.live is False
    assert course.current_workflow_state.status == "in_progress"
    trainer_context.close()

    visitor_context = browser.new_context(locale="vi-VN")
    visitor = visitor_context.new_page()
    visitor.goto(base + "/khoa-hoc/")
    assert title not in visitor.content()

    approver_context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    approver = approver_context.new_page()
    sign_in(approver, base, "quantritinh@kynangso.local", "quantritinh-kns-2026")
    approver.goto(f"{base}/admin/pages/{course.pk}/edit/")
    approver.eval_on_selector(
        "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])",
        "(button) => button.click()",
    )
    approver.wait_for_load_state("networkidle")
    approver.screenshot(path=screenshot_dir / "approver-approved.png", full_page=True)
    course.refresh_from_db()
    assert course.live is True
    approver_context.close()

    visitor.goto(base + "/khoa-hoc/")
    assert title in visitor.content()
    visitor_context.close()
