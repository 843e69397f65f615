"""The course journey in Debian's Chromium: a civil servant takes the digital-skills course to completion;
a trainer's new course waits for a province administrator's approval and appears after it."""

import re

import pytest

from tests.browser.journeys import COURSE, pass_the_digital_skills_course, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_civil_servant_completes_the_digital_skills_course(page, live_server, demo_site, screenshot_dir):
    base = live_server.url
    sign_in(page, base, "hocvien@kynangso.local", "hocvien-kns-2026")
    pass_the_digital_skills_course(page, base, screenshot_dir)

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
    # The admin's scripts fill in what a trainer does not type (the slug, from the title): submitting
    # before they have run sends an incomplete form, which a busy CI machine made happen.
    trainer.wait_for_load_state("networkidle")
    trainer.fill("#id_title", title)
    trainer.press("#id_title", "Tab")
    trainer.wait_for_function("() => document.querySelector('#id_slug').value !== ''")
    trainer.select_option("#id_track", "information_security")
    trainer.select_option("#id_audience", "everyone")
    trainer.fill("#id_summary", "Sao lưu dữ liệu và nhận diện mã độc tống tiền trong cơ quan.")
    assert trainer.locator("button[name='action-publish']").count() == 0  # publishing is not offered
    # A course with no final quiz goes for approval only when the trainer says it completes without one.
    trainer.eval_on_selector("button[name='action-submit']", "(button) => button.click()")
    trainer.wait_for_function("() => document.body.innerText.includes('Thêm bài kiểm tra cuối khóa')")
    trainer.wait_for_load_state("networkidle")
    # (Wagtail's autosave may keep a draft meanwhile; nothing went for approval.)
    assert all(draft.current_workflow_state is None for draft in CoursePage.objects.filter(title=title))
    trainer.check("#id_completion_without_assessment")
    trainer.eval_on_selector("button[name='action-submit']", "(button) => button.click()")
    trainer.wait_for_url(re.compile(r"/admin/pages/\d+/"))
    trainer.screenshot(path=screenshot_dir / "trainer-submitted.png", full_page=True)
    course = CoursePage.objects.get(title=title)
    assert course.slug == "phong-chong-ma-doc-tong-tien"  # Vietnamese title, ASCII address (đ → d)
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
    approver.wait_for_load_state("networkidle")
    # The moderator sees that this course completes without a final assessment before approving it.
    choice = approver.locator("#id_completion_without_assessment")
    assert choice.is_visible() and choice.is_checked()
    label = approver.locator("label[for=id_completion_without_assessment]").inner_text()
    assert "hoàn thành không cần bài kiểm tra cuối khóa" in label.lower()
    choice.scroll_into_view_if_needed()
    approver.screenshot(path=screenshot_dir / "approver-sees-no-final-assessment.png")
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
    # The course page tells learners it completes without a final quiz.
    visitor.goto(base + course.url)
    rule = visitor.locator("#completion-rule").inner_text()
    assert rule == "Khóa học này hoàn thành khi học xong các bài; không có bài kiểm tra cuối khóa."
    visitor.screenshot(path=screenshot_dir / "course-without-final-assessment.png", full_page=True)
    visitor_context.close()


def test_a_lesson_and_the_catalogue_fit_a_phone(browser, live_server, demo_site, screenshot_dir):
    from django.contrib.auth import get_user_model

    from courses.models import CoursePage, LessonPage
    from courses.services import enrol

    user = get_user_model().objects.get(email="hocvien@kynangso.local")
    course = CoursePage.objects.get(title=COURSE)
    enrol(user, course)
    lesson = LessonPage.objects.child_of(course).live().order_by("path").first()
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, locale="vi-VN")
    phone = context.new_page()
    sign_in(phone, live_server.url, "hocvien@kynangso.local", "hocvien-kns-2026")
    for path, name in (("/khoa-hoc/", "catalogue-phone.png"), (lesson.url, "lesson-phone.png")):
        phone.goto(live_server.url + path)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360, path
        phone.screenshot(path=screenshot_dir / name, full_page=True)
    assert phone.locator("button[data-action=complete]").is_visible()
    context.close()
