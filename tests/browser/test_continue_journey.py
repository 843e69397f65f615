"""Continue where you stopped, in Debian's Chromium: the demo learner enrols in the digital-skills course,
does two lessons and signs out; signed in again, they land on their learning page and one click on
"Học tiếp" takes them to the third lesson."""

import re

import pytest

from tests.browser.journeys import COURSE, LEARNER_EMAIL, LEARNER_PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_learner_back_on_the_site_continues_at_the_next_lesson(page, live_server, demo_site, screenshot_dir):
    from courses.models import CoursePage, LessonPage

    base = live_server.url
    course = CoursePage.objects.get(title=COURSE)
    lessons = list(LessonPage.objects.child_of(course).live().order_by("path"))
    assert len(lessons) >= 4

    sign_in(page, base, LEARNER_EMAIL, LEARNER_PASSWORD)
    page.goto(base + course.url)
    page.click("text=Ghi danh khóa học này")
    page.wait_for_load_state()
    for lesson in lessons[:2]:
        assert page.locator("h1").inner_text() == lesson.title
        page.click("button[data-action=complete]")
        page.wait_for_load_state()
    assert page.locator("h1").inner_text() == lessons[2].title

    page.click("header form button:has-text('Đăng xuất')")
    page.wait_for_load_state()
    assert page.locator("header a[href='/accounts/login/']").count() == 1

    sign_in(page, base, LEARNER_EMAIL, LEARNER_PASSWORD)
    assert page.url == base + "/khoa-hoc/cua-toi/", page.url
    card = page.locator("section[aria-labelledby=in-progress] li.card", has_text=COURSE)
    assert "Hoạt động gần nhất ngày" in card.inner_text()
    assert f"Bài tiếp theo: {lessons[2].title}" in card.inner_text()
    button = card.get_by_role("link", name=re.compile("^Học tiếp"))
    assert button.get_attribute("href") == lessons[2].url
    page.screenshot(path=screenshot_dir / "continue.png", full_page=True)

    button.click()
    page.wait_for_load_state()
    assert page.url == base + lessons[2].url
    assert page.locator("h1").inner_text() == lessons[2].title
