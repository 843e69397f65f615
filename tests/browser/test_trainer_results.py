"""A trainer's course results in Debian's Chromium: the demo trainer signs in to the admin, opens their
course, follows "Kết quả khóa học" from the page header to the results page, reads the figures of the
hand-counted course (tests/reporting/course_results_data.py) and downloads them as XLSX."""

import io
import re

import openpyxl
import pytest

from tests.browser.journeys import sign_in
from tests.reporting.course_results_data import EXPECTED, seed_small_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def course_maker(catalogue):
    """`make_course` of tests/courses/conftest.py, under the demo site's catalogue."""
    from courses.demo import publish
    from courses.models import CoursePage, LessonPage
    from tests.courses.conftest import DEFAULT_POOL

    def make(title, slug):
        course = publish(
            catalogue,
            CoursePage(title=title, slug=slug, track="information_security", summary=f"Tóm tắt {title}.", pass_mark=75),
        )
        for number in (1, 2):
            publish(course, LessonPage(title=f"Bài {number}", slug=f"bai-{number}",
                                       body=[{"type": "paragraph", "value": f"<p>Bài {number}.</p>"}]))  # fmt: skip
        quiz = {"intro": "", "pass_mark": None, "questions_per_attempt": None, "max_attempts": None,
                "show_answers": "after_passing", "questions": DEFAULT_POOL}  # fmt: skip
        publish(course, LessonPage(title="Bài kiểm tra", slug="kiem-tra", body=[{"type": "assessment", "value": quiz}]))
        return course

    return make


def test_a_trainer_reads_and_downloads_their_course_results(page, live_server, demo_site, screenshot_dir):
    from django.contrib.auth import get_user_model

    from courses.models import CourseIndexPage

    course, _other = seed_small_course(course_maker(CourseIndexPage.objects.get()), get_user_model())
    # The wrong answers to the two true/false questions were the other option: "Đúng" for q3 (C and D's
    # first attempt), "Sai" for q4 (C, D's first attempt and E).
    from courses.models import AssessmentAttempt
    from courses.services import assessment_questions

    attempts = AssessmentAttempt.objects.filter(enrolment__course=course)
    q3, q4 = [question["id"] for question in assessment_questions(attempts.first().lesson.specific)][2:]
    for attempt in attempts:
        for question_id, wrong in ((q3, "true"), (q4, "false")):
            if not attempt.answers[question_id]["correct"]:
                attempt.answers[question_id]["response"] = [wrong]
        attempt.save(update_fields=["answers"])
    base = live_server.url
    sign_in(page, base, "trainer@kynangso.local", "trainer-kns-2026")

    # The admin: the catalogue, then the course's edit screen.
    page.goto(f"{base}/admin/pages/{course.get_parent().pk}/")
    page.get_by_role("link", name=course.title).first.click()
    page.wait_for_url(re.compile(rf"/admin/pages/{course.pk}/"))
    page.wait_for_load_state("networkidle")
    page.locator("header [data-w-dropdown-target=toggle]").first.click()
    link = page.locator(f"a[data-course-results='{course.pk}']")
    assert link.inner_text().strip() == "Kết quả khóa học"
    page.screenshot(path=screenshot_dir / "trainer-results-admin-link.png", full_page=True)
    link.click()
    page.wait_for_url(f"**/reports/courses/{course.pk}/")

    assert page.locator("h1").inner_text() == f"Kết quả khóa học: {course.title}"
    headings = page.locator(".course-results h2").all_inner_texts()
    assert headings == ["Học viên", "Hoàn thành theo tháng", "Bài kiểm tra cuối khóa", "Từng câu hỏi"]

    def figure(name):
        return page.locator(f"tr[data-figure='{name}'] td").first.inner_text()

    assert [figure(name) for name in ("enrolled", "not_started", "in_progress", "completed", "certified")] == [
        "6", "1", "2", "3", "1",
    ]  # fmt: skip
    assert figure("attempts") == "5" and figure("passed") == "3"
    assert figure("pass_rate") == "60,0%" and figure("average") == "70,0%"
    months = page.locator("#completions-by-month tbody tr")
    assert months.count() == 12
    assert sum(int(row.get_attribute("data-completions")) for row in months.all()) == 2
    rows = page.locator("#question-stats tbody tr")
    assert [(int(r.get_attribute("data-answered")), int(r.get_attribute("data-right"))) for r in rows.all()] == [
        (answered, right) for answered, right, _percent in EXPECTED["questions"]
    ]
    assert "40,0%" in rows.nth(3).inner_text()
    # Where learners go wrong: the answer chosen most among the wrong ones.
    assert page.locator("#question-stats tbody tr td.common-wrong").all_inner_texts() == [
        "", "", "Đúng (2 lần)", "Sai (3 lần)",
    ]  # fmt: skip
    page.screenshot(path=screenshot_dir / "trainer-results.png", full_page=True)

    with page.expect_download() as download_info:
        page.click("a[href*='results.xlsx']")
    download = download_info.value
    assert download.suggested_filename.startswith("ket-qua-an-toan-co-ban-")
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as file:
        workbook = openpyxl.load_workbook(io.BytesIO(file.read()))
    learners = {row[0]: row[1] for row in workbook["Học viên"].iter_rows(min_row=2, values_only=True)}
    assert learners["Đã ghi danh"] == 6 and learners["Đã hoàn thành"] == 3
    quiz = dict(workbook["Bài kiểm tra cuối khóa"].iter_rows(min_row=2, values_only=True))
    assert quiz["Tỷ lệ đạt (%)"] == 60 and quiz["Điểm trung bình (%)"] == 70
    questions = list(workbook["Từng câu hỏi"].iter_rows(min_row=2, values_only=True))
    assert [row[4] for row in questions] == [100, 80, 60, 40]
