"""Wagtail's userbar in Debian's Chromium: the trainer sees it on the course they may edit and nowhere
else (never on a report, where on a phone it covered the figures); a learner never sees it."""

import pytest

from tests.browser.journeys import LEARNER_EMAIL, LEARNER_PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def has_userbar(page):
    return page.locator("wagtail-userbar, .wagtail-userbar, [data-wagtail-userbar]").count() > 0


def test_only_an_editor_sees_the_userbar_and_only_on_pages_they_edit(page, live_server, demo_site, screenshot_dir):
    from courses.models import CoursePage, LessonPage

    base = live_server.url
    course = CoursePage.objects.live().order_by("path").first()
    lesson = LessonPage.objects.live().child_of(course).order_by("path").first()

    sign_in(page, base, "trainer@kynangso.local", "trainer-kns-2026")
    page.goto(base + course.url)
    assert has_userbar(page)  # the trainer may edit the course: the admin is one click away
    page.screenshot(path=screenshot_dir / "userbar-on-a-course-the-trainer-edits.png", full_page=True)
    page.goto(base + "/")
    assert page.locator("h1").count() == 1 and not has_userbar(page)  # the home page is not theirs to edit
    page.goto(base + "/reports/courses/")
    assert page.locator("h1").count() == 1 and not has_userbar(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/reports/courses/{course.pk}/")
    assert not has_userbar(page)
    page.screenshot(path=screenshot_dir / "results-on-a-phone-without-userbar.png", full_page=True)

    page.context.clear_cookies()
    sign_in(page, base, LEARNER_EMAIL, LEARNER_PASSWORD)
    for path in ("/", course.url, lesson.url, "/khoa-hoc/cua-toi/"):
        page.goto(base + path)
        assert not has_userbar(page), path
