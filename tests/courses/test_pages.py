"""Page models and blocks: the tree is locked, lessons know whether they are assessments, search folds."""

import pytest
from django.core.exceptions import ValidationError

from tests.courses.conftest import lessons_of

pytestmark = pytest.mark.django_db


def test_page_types_are_locked_both_ways():
    from courses.models import CourseIndexPage, CoursePage, LessonPage
    from lms.models import HomePage

    assert CourseIndexPage.allowed_parent_page_models() == [HomePage]
    assert CourseIndexPage.allowed_subpage_models() == [CoursePage]
    assert CoursePage.allowed_parent_page_models() == [CourseIndexPage]
    assert CoursePage.allowed_subpage_models() == [LessonPage]
    assert LessonPage.allowed_parent_page_models() == [CoursePage]
    assert LessonPage.allowed_subpage_models() == []


def test_catalogue_can_only_go_under_the_home_page(home, catalogue):
    from courses.models import CourseIndexPage, LessonPage

    assert CourseIndexPage.can_create_at(home) is False  # max_count = 1, and there is one
    assert LessonPage.can_create_at(catalogue) is False
    assert catalogue.url == "/khoa-hoc/"


def test_lesson_knows_it_is_an_assessment(make_course):
    course = make_course(lessons=2, quiz=True)
    flags = [(lesson.slug, lesson.is_assessment) for lesson in lessons_of(course)]
    assert flags == [("bai-1", False), ("bai-2", False), ("kiem-tra", True)]
    quiz = lessons_of(course)[-1]
    assert quiz.assessment.value["questions"][0].block_type == "single_choice"


def test_course_search_text_folds_vietnamese(make_course):
    from courses.models import fold

    course = make_course(title="Kỹ năng số cơ bản Đắk")
    assert fold("Kỹ NĂNG số Đắk") == "ky nang so dak"
    assert "ky nang so co ban dak" in course.search_text


def test_single_choice_needs_exactly_one_right_answer():
    from wagtail.blocks import StructBlockValidationError

    from courses.blocks import SingleChoiceQuestion

    block = SingleChoiceQuestion()
    value = block.to_python(
        {"question": "?", "choices": [{"text": "a", "correct": True}, {"text": "b", "correct": True}],
         "explanation": ""}
    )  # fmt: skip
    with pytest.raises((StructBlockValidationError, ValidationError)):
        block.clean(value)
    value = block.to_python(
        {"question": "?", "choices": [{"text": "a", "correct": True}, {"text": "b", "correct": False}],
         "explanation": ""}
    )  # fmt: skip
    assert block.clean(value)["question"] == "?"


def test_video_needs_an_embed_or_a_file():
    from wagtail.blocks import StructBlockValidationError

    from courses.blocks import VideoBlock

    block = VideoBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"embed": None, "file": None, "caption": "x"}))


def test_activity_ids_use_the_page_id_not_the_slug(make_course, settings):
    from courses.services import course_activity_id, lesson_activity_id, parse_activity_id

    course = make_course()
    lesson = lessons_of(course)[0]
    before = lesson_activity_id(lesson)
    assert before == f"{settings.SITE_URL}/xapi/activities/lesson/{lesson.pk}"
    lesson.slug = "doi-ten"
    lesson.save_revision().publish()
    assert lesson_activity_id(lesson) == before
    assert parse_activity_id(course_activity_id(course)) == ("course", course.pk)
    assert parse_activity_id(before + "/question/abc") is None
    assert parse_activity_id("http://example.com/xapi/activities/lesson/1") is None


def test_seed_demo_publishes_three_courses_with_quizzes_idempotently(demo_site):
    from django.core.management import call_command

    from courses.models import CourseIndexPage, CoursePage, LessonPage

    index = CourseIndexPage.objects.get()
    assert index.url == "/khoa-hoc/" and index.live
    courses = CoursePage.objects.live().child_of(index)
    titles = set(courses.values_list("title", flat=True))
    assert {
        "Kỹ năng số cơ bản cho cán bộ, công chức",
        "Sử dụng chữ ký số và văn bản điện tử",
        "Thương mại điện tử cho hộ sản xuất nông nghiệp",
    } <= titles
    for course in courses:
        lessons = lessons_of(course)
        assert len(lessons) >= 4
        assert all(lesson.live and lesson.live_revision_id for lesson in lessons)
        assert lessons[-1].is_assessment
        assert 6 <= len(lessons[-1].assessment.value["questions"]) <= 10
        assert course.live_revision_id is not None
    counts = (CoursePage.objects.count(), LessonPage.objects.count())
    call_command("seed_demo", "--allow-production", "--without-history", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (CoursePage.objects.count(), LessonPage.objects.count()) == counts
