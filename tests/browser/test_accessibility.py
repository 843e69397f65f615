"""axe-core (the engine browsers' accessibility audits use) finds nothing on the pages people use most:
the public pages, a learner's pages, and the HR officer's coverage report and people list.

Each page is checked as its user sees it, signed in where that user is; Wagtail's own admin is left out
(it has its own audits). A violation is reported with the rule, its impact and the offending markup.
"""

from urllib.parse import quote

import pytest

from tests.browser.journeys import LEARNER_EMAIL, LEARNER_PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = ["/", "/khoa-hoc/", "/accounts/login/", "/accounts/signup/", "/certificates/verify/"]
LEARNER_PAGES = ["/khoa-hoc/cua-toi/", "/accounts/profile/", "/certificates/mine/"]


def violations(page, url):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(url)
    page.wait_for_load_state()
    found = Axe().run(page).response["violations"]
    return [f"{url}: {v['impact']} {v['id']}: {v['nodes'][0]['html'][:200]}" for v in found]


def test_the_pages_people_use_most_have_no_accessibility_violations(page, live_server, demo_site, screenshot_dir):
    from courses.models import CoursePage, LessonPage

    base = live_server.url
    course = CoursePage.objects.live().order_by("path").first()
    lesson = LessonPage.objects.live().child_of(course).order_by("path").first()
    found = []
    for path in [*PUBLIC_PAGES, course.url]:
        found += violations(page, base + path)

    sign_in(page, base, LEARNER_EMAIL, LEARNER_PASSWORD)
    page.goto(base + course.url)
    enrol = page.locator("text=Ghi danh khóa học này")
    if enrol.count():
        enrol.first.click()
        page.wait_for_load_state()
    # Enrolled: "my learning", the home page and the course page offer to continue.
    for path in [*LEARNER_PAGES, "/", course.url, lesson.url]:
        found += violations(page, base + path)

    page.context.clear_cookies()
    sign_in(page, base, "hr.skhcn@kynangso.local", "hr-kns-2026")
    found += violations(page, base + "/reports/coverage/")
    page.screenshot(path=screenshot_dir / "coverage-report-accessible.png", full_page=True)
    people = page.locator(".tree-row a").first.get_attribute("href")
    found += violations(page, base + people)
    assert found == []


def test_every_page_a_browser_test_loads_is_audited(page, screenshot_dir):
    """The `page` fixture runs axe-core on each page load and fails the test on a serious violation."""
    broken = '<html lang="vi"><title>x</title><body><main><img src="data:,"><button></button></main></body></html>'
    page.goto("data:text/html;charset=utf-8," + quote(broken))
    page.evaluate("() => window.__axeRun")
    page.screenshot(path=screenshot_dir / "axe-audits-a-broken-page.png")
    found = list(page.axe_violations)
    page.axe_violations.clear()  # this test's page is broken on purpose
    assert any("image-alt" in violation for violation in found), found
    assert any("button-name" in violation for violation in found), found
