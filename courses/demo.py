"""Demo data for courses: the catalogue, three published courses in Vietnamese, the province administrator
who approves them, a household learner.

The trainer and the civil servant on the roster are agencies' demo logins: seed_demo seeds agencies first.

Idempotent: what exists (by slug or e-mail) is left as it is.
"""

import uuid

from django.contrib.auth.models import Group
from django.utils.translation import gettext as _
from wagtail.models import Site

from accounts.services import demo_login

from .demo_content import COURSES
from .models import CourseIndexPage, CoursePage, LessonPage
from .services import setup_catalogue

CATALOGUE_SLUG = "khoa-hoc"


def publish(parent, page):
    """Add `page` under `parent` as a draft, then publish it through a revision, as an editor would."""
    page.live = False
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def stable_id(*parts):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "kns-demo/" + "/".join(parts)))


def lesson_body(blocks):
    return [{"type": kind, "value": value} for kind, value in blocks]


def quiz_body(course, quiz):
    questions = []
    for number, (kind, text, choices, right, explanation) in enumerate(quiz["questions"], start=1):
        if kind == "true_false":
            value = {"question": text, "answer": right, "explanation": explanation}
        else:
            value = {
                "question": text,
                "choices": [{"text": choice, "correct": i in right} for i, choice in enumerate(choices)],
                "explanation": explanation,
            }
        questions.append({"type": kind, "value": value, "id": stable_id(course["slug"], "q", str(number))})
    intro = (
        "<p>Bài kiểm tra gồm các câu hỏi rút ngẫu nhiên từ ngân hàng câu hỏi của khóa học. "
        "Đạt từ mức điểm yêu cầu trở lên là hoàn thành khóa học.</p>"
    )
    return [
        {
            "type": "assessment",
            "value": {
                "intro": intro,
                "pass_mark": None,
                "questions_per_attempt": quiz["per_attempt"],
                "max_attempts": quiz["max_attempts"],
                "questions": questions,
            },
        }
    ]


def seed_course(report, index, course):
    page = CoursePage.objects.child_of(index).filter(slug=course["slug"]).first()
    if page is not None:
        return page
    page = publish(
        index,
        CoursePage(
            title=course["title"],
            slug=course["slug"],
            track=course["track"],
            audience=course["audience"],
            summary=course["summary"],
            learning_outcomes=course["outcomes"],
            estimated_hours=course["hours"],
            pass_mark=70,
            certificate_validity_months=course["validity"],
        ),
    )
    for lesson in course["lessons"]:
        publish(
            page,
            LessonPage(
                title=lesson["title"],
                slug=lesson["slug"],
                estimated_minutes=lesson["minutes"],
                body=lesson_body(lesson["body"]),
            ),
        )
    quiz = course["quiz"]
    publish(
        page,
        LessonPage(title=quiz["title"], slug=quiz["slug"], estimated_minutes=15, body=quiz_body(course, quiz)),
    )
    report.created(_("course %(title)s") % {"title": course["title"]})
    return page


def seed(report):
    from agencies.services import PROVINCE_ADMINS

    # The site's home page (lms seeds it first); courses knows it only as the default site's root.
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return
    home = site.root_page
    index = CourseIndexPage.objects.first()
    if index is None:
        index = publish(
            home,
            CourseIndexPage(
                title="Khóa học",
                slug=CATALOGUE_SLUG,
                intro=(
                    "<p>Các khóa học kỹ năng số cho cán bộ, công chức, viên chức và cho doanh nghiệp, hợp "
                    "tác xã, hộ kinh doanh tỉnh Nghệ An. Học trên điện thoại hoặc máy tính, làm bài kiểm "
                    "tra cuối khóa để nhận chứng nhận.</p>"
                ),
            ),
        )
        report.created(_("course catalogue"))
    setup_catalogue(index)
    for course in COURSES:
        seed_course(report, index, course)

    approver = demo_login(report, "province_admin")
    approver.groups.add(Group.objects.get(name=PROVINCE_ADMINS))
    household = demo_login(report, "household")
    from accounts.services import LearnerCategory, set_learner_profile
    from agencies.services import learner_category

    if learner_category(household) is None:
        set_learner_profile(household, LearnerCategory.HOUSEHOLD_BUSINESS, "Hộ kinh doanh nước mắm Cửa Lò")
    if getattr(report, "history", False):
        from . import demo_history

        demo_history.seed(report)
