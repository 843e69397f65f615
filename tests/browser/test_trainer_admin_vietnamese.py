"""The Wagtail admin in Vietnamese, in Debian's Chromium: the demo trainer goes through the screens of a
working day (dashboard, the course catalogue's pages, a course's edit screen with every tab, a new lesson,
images, documents, the moderation list) and none of them shows the admin's common English words."""

import re

import pytest

from tests.browser.journeys import COURSE, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ENGLISH = [
    "Save draft", "Publish", "Preview", "Images", "Documents", "Help", "Pages", "Search", "Dashboard",
    "Settings", "Title tag", "Meta description", "Go live date/time", "Expiry date/time", "Autosave",
    "Edit", "Add child page", "Status", "Workflow", "Comments", "History", "Delete", "Cancel", "Choose",
]  # fmt: skip
ENGLISH_WORD = re.compile(r"(?<![\w/])(" + "|".join(re.escape(word) for word in ENGLISH) + r")(?![\w/])")


def admin_text(page):
    """The screen's visible text, less what trainers wrote: page titles and the rich text being edited."""
    from wagtail.models import Page

    text = page.inner_text("body")
    typed = page.eval_on_selector_all("[contenteditable=true]", "(nodes) => nodes.map((node) => node.innerText)")
    for content in [*typed, *Page.objects.values_list("title", flat=True)]:
        if content.strip():
            text = text.replace(content.strip(), " ")
    return text


def assert_vietnamese(page, screenshot_dir, name):
    page.wait_for_load_state("networkidle")
    page.screenshot(path=screenshot_dir / f"admin-vi-{name}.png", full_page=True)
    text = admin_text(page)
    found = sorted(set(ENGLISH_WORD.findall(text)))
    assert found == [], f"{name}: English left on screen: {found}"
    return page.inner_text("body")


def test_the_trainer_works_in_a_vietnamese_admin(page, live_server, demo_site, screenshot_dir):
    from courses.models import CourseIndexPage, CoursePage

    base = live_server.url
    index = CourseIndexPage.objects.get()
    course = CoursePage.objects.get(title=COURSE)
    sign_in(page, base, "trainer@kynangso.local", "trainer-kns-2026")

    page.goto(f"{base}/admin/")
    text = assert_vietnamese(page, screenshot_dir, "dashboard")
    assert "Bảng điều khiển" in text or "Trợ giúp" in text

    page.goto(f"{base}/admin/pages/{index.pk}/")
    text = assert_vietnamese(page, screenshot_dir, "explorer")
    assert COURSE in text

    page.goto(f"{base}/admin/pages/{course.pk}/edit/")
    page.wait_for_load_state("networkidle")
    tabs = page.locator("[role=tab]")
    assert tabs.count() >= 2
    for number in range(tabs.count()):
        tabs.nth(number).click()
        assert_vietnamese(page, screenshot_dir, f"course-edit-tab-{number + 1}")
    text = page.inner_text("body")
    assert "Lưu bản nháp" in text or "Gửi duyệt" in text

    # The side panels: status, history of the page, comments.
    for toggle in page.locator("button[data-side-panel-toggle]").all():
        toggle.click()
        name = toggle.get_attribute("data-side-panel-toggle")
        assert_vietnamese(page, screenshot_dir, f"course-edit-panel-{name}")
        toggle.click()

    page.goto(f"{base}/admin/pages/{course.pk}/history/")
    assert_vietnamese(page, screenshot_dir, "course-history")

    # The header's "more actions" menu and the save button's menu.
    page.goto(f"{base}/admin/pages/{course.pk}/edit/")
    page.wait_for_load_state("networkidle")
    page.locator("header [data-w-dropdown-target=toggle]").first.click()
    assert_vietnamese(page, screenshot_dir, "course-edit-more-actions")
    page.keyboard.press("Escape")
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    assert_vietnamese(page, screenshot_dir, "course-edit-save-menu")
    page.keyboard.press("Escape")

    page.goto(f"{base}/admin/pages/{course.pk}/history/")
    assert_vietnamese(page, screenshot_dir, "course-history")

    # A new lesson, submitted for moderation.
    page.goto(f"{base}/admin/pages/add/courses/lessonpage/{course.pk}/")
    page.wait_for_load_state("networkidle")
    text = assert_vietnamese(page, screenshot_dir, "add-lesson")
    assert "Tiêu đề trang" in text
    page.fill("#id_title", "Sao lưu dữ liệu cá nhân")
    page.press("#id_title", "Tab")
    page.wait_for_function("() => document.querySelector('#id_slug').value !== ''")
    page.locator("[role=tab]").nth(1).click()
    text = assert_vietnamese(page, screenshot_dir, "add-lesson-promote")
    assert "Thẻ tiêu đề" in text and "Mô tả meta" in text
    page.locator("[role=tab]").first.click()
    page.eval_on_selector("button[name='action-submit']", "(button) => button.click()")
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    text = assert_vietnamese(page, screenshot_dir, "lesson-submitted")
    assert "Đã tạo trang 'Sao lưu dữ liệu cá nhân' và gửi duyệt." in text

    page.goto(f"{base}/admin/")
    text = assert_vietnamese(page, screenshot_dir, "dashboard-in-moderation")
    assert "Trang và thành phần nội dung của bạn đang trong quy trình duyệt" in text

    for menu in ("Báo cáo", "Trợ giúp"):
        page.get_by_role("button", name=re.compile("^" + menu)).click()
        assert_vietnamese(page, screenshot_dir, f"menu-{menu}")
        page.keyboard.press("Escape")

    page.goto(f"{base}/admin/images/")
    text = assert_vietnamese(page, screenshot_dir, "images")
    assert "Hình ảnh" in text

    page.goto(f"{base}/admin/documents/")
    text = assert_vietnamese(page, screenshot_dir, "documents")
    assert "Tài liệu" in text

    page.goto(f"{base}/admin/reports/workflow/")
    text = assert_vietnamese(page, screenshot_dir, "workflows")
    assert "Quy trình duyệt" in text and "Sao lưu dữ liệu cá nhân" in text

    page.goto(f"{base}/admin/reports/workflow_tasks/")
    assert_vietnamese(page, screenshot_dir, "workflow-tasks")
