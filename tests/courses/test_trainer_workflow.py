"""Trainers write courses in the Wagtail admin but do not publish; a province administrator approves."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer(make_role_user, catalogue):
    from agencies.services import TRAINERS

    return make_role_user(TRAINERS, "huong", "Nguyễn Thị Hương")


@pytest.fixture
def approver(make_role_user, catalogue):
    from agencies.services import PROVINCE_ADMINS

    return make_role_user(PROVINCE_ADMINS, "lan", "Lê Thị Lan")


def course_form(title, slug, action):
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "track": "information_security",
            "audience": "everyone",
            "estimated_hours": "2",
            "summary": "Bảo vệ máy tính cơ quan trước mã độc tống tiền.",
            "learning_outcomes": rich_text("<p>Sao lưu dữ liệu.</p>"),
            "pass_mark": "80",
            "certificate_validity_months": "",
            "comments": inline_formset([]),
        }
    )
    data[action] = "1"
    return data


def add_final_quiz(course):
    from courses.models import LessonPage
    from tests.courses.conftest import DEFAULT_POOL

    body = [{"type": "assessment", "value": {"intro": "", "pass_mark": None, "questions_per_attempt": None,
                                             "max_attempts": None, "questions": DEFAULT_POOL}}]  # fmt: skip
    lesson = course.add_child(instance=LessonPage(title="Bài kiểm tra", slug="kiem-tra", body=body, live=False))
    assert lesson.is_assessment
    return lesson


def test_a_course_is_published_without_a_final_quiz_only_by_choice(client, catalogue, approver):
    from courses.models import CoursePage

    client.force_login(approver)
    add_url = f"/admin/pages/add/courses/coursepage/{catalogue.pk}/"
    refused = client.post(add_url, course_form("Thư điện tử công vụ", "thu-cong-vu", "action-publish"))
    assert "Thêm bài kiểm tra cuối khóa" in refused.content.decode()
    assert not CoursePage.objects.filter(slug="thu-cong-vu", live=True).exists()
    data = course_form("Thư điện tử công vụ", "thu-cong-vu", "action-publish")
    data["completion_without_assessment"] = "on"
    client.post(add_url, data)
    course = CoursePage.objects.get(slug="thu-cong-vu")
    assert course.live and course.completion_without_assessment
    page = client.get("/khoa-hoc/thu-cong-vu/").content.decode()
    assert "không có bài kiểm tra cuối khóa" in page and "Điểm đạt" not in page


def test_without_a_final_quiz_or_the_choice_a_course_does_not_complete(make_course, learner):
    from courses.activities import activity
    from courses.models import Completion
    from courses.services import enrol
    from tests.courses.conftest import lessons_of
    from xapi.services import record

    course = make_course(lessons=2, quiz=False, without_assessment=False)
    enrolment = enrol(learner, course)
    for lesson in lessons_of(course):
        record(learner, "experienced", activity("lesson", lesson), registration=enrolment.registration)
    assert not Completion.objects.exists()


def test_setup_gives_trainers_add_and_change_but_not_publish(catalogue):
    from wagtail.models import GroupPagePermission, WorkflowPage

    from agencies.services import PROVINCE_ADMINS, TRAINERS
    from courses.services import WORKFLOW_NAME, setup_catalogue

    setup_catalogue(catalogue)  # idempotent
    codenames = {
        group: set(
            GroupPagePermission.objects.filter(group__name=group, page=catalogue).values_list(
                "permission__codename", flat=True
            )
        )
        for group in (TRAINERS, PROVINCE_ADMINS)
    }
    assert codenames[TRAINERS] == {"add_page", "change_page"}
    assert "publish_page" in codenames[PROVINCE_ADMINS]
    assert not GroupPagePermission.objects.filter(group__name=TRAINERS).exclude(page=catalogue).exists()
    workflow = WorkflowPage.objects.get(page=catalogue).workflow
    assert workflow.name == WORKFLOW_NAME and workflow.active
    (task,) = [t.specific for t in workflow.tasks]
    assert list(task.groups.values_list("name", flat=True)) == [PROVINCE_ADMINS]


def test_trainer_submits_a_course_and_a_province_administrator_approves_it(client, catalogue, trainer, approver):
    from courses.models import CoursePage

    client.force_login(trainer)
    add_url = f"/admin/pages/add/courses/coursepage/{catalogue.pk}/"
    assert client.get(add_url).status_code == 200

    # Publishing is not offered and not done.
    response = client.post(add_url, course_form("Phòng chống mã độc tống tiền", "an-toan-thong-tin", "action-publish"))
    assert response.status_code in (302, 200)
    assert not CoursePage.objects.filter(slug="an-toan-thong-tin", live=True).exists()
    # A draft is saved (a course without its quiz is refused for publishing before permissions are asked).
    client.post(add_url, course_form("Phòng chống mã độc tống tiền", "an-toan-thong-tin", "action-draft"))
    course = CoursePage.objects.get(slug="an-toan-thong-tin")
    assert course.live is False

    edit_url = f"/admin/pages/{course.pk}/edit/"
    # Without a final quiz the course cannot go for approval (unless the trainer chooses so).
    refused = client.post(edit_url, course_form("Phòng chống mã độc tống tiền", "an-toan-thong-tin", "action-submit"))
    assert refused.status_code == 200 and "Thêm bài kiểm tra cuối khóa" in refused.content.decode()
    course.refresh_from_db()
    assert course.current_workflow_state is None
    add_final_quiz(course)
    response = client.post(
        edit_url, course_form("Phòng chống mã độc tống tiền", "an-toan-thong-tin", "action-submit"), follow=True
    )
    assert response.status_code == 200
    course.refresh_from_db()
    state = course.current_workflow_state
    assert state is not None and state.status == "in_progress"
    assert course.live is False
    assert client.get("/khoa-hoc/an-toan-thong-tin/").status_code == 404
    assert "Phòng chống mã độc" not in client.get("/khoa-hoc/").content.decode()

    # The trainer cannot approve their own submission.
    task_state = state.current_task_state
    approve_url = f"/admin/pages/workflow/action/{course.pk}/approve/{task_state.pk}/"
    client.post(approve_url, {"comment": ""})
    course.refresh_from_db()
    assert course.live is False

    client.force_login(approver)
    response = client.post(approve_url, {"comment": "Đạt yêu cầu."})
    assert response.status_code in (200, 302)
    course.refresh_from_db()
    assert course.live is True
    client.logout()
    assert "Phòng chống mã độc" in client.get("/khoa-hoc/").content.decode()
    assert client.get("/khoa-hoc/an-toan-thong-tin/").status_code == 200


def test_trainers_see_nothing_outside_the_catalogue(client, home, catalogue, trainer):
    client.force_login(trainer)
    assert client.get(f"/admin/pages/{catalogue.pk}/").status_code == 200
    response = client.get(f"/admin/pages/{home.pk}/edit/")
    assert response.status_code in (302, 403)
    response = client.get(f"/admin/pages/add/courses/coursepage/{catalogue.pk}/")
    assert response.status_code == 200
    assert client.get(f"/admin/pages/add/lms/homepage/{home.pk}/").status_code in (302, 403)
    assert client.get("/admin/users/").status_code in (302, 403)


def test_preview_of_a_lesson_and_a_quiz_renders(rf, make_course, trainer):
    from tests.courses.conftest import lessons_of

    course = make_course()
    lesson, _second, quiz = lessons_of(course)
    request = rf.get("/")
    request.user = trainer
    response = lesson.make_preview_request(request)
    assert response.status_code == 200
    html = response.render().content.decode() if hasattr(response, "render") else response.content.decode()
    assert "Nội dung bài 1." in html
    html = quiz.make_preview_request(request)
    html = (html.render() if hasattr(html, "render") else html).content.decode()
    assert "Học viên làm bài kiểm tra tại đây" in html, html[html.find("<main") :][:3000]


def test_preview_of_a_course_with_a_prerequisite_renders(rf, make_course, trainer):
    """The preview hands the page an in-memory relation for its prerequisites (no queryset methods)."""
    first = make_course(title="Kỹ năng số cơ bản")
    course = make_course(title="Chữ ký số")
    course.prerequisites.add(first)
    course.save_revision().publish()
    # As the admin's preview builds it: from the edited content, relations in memory.
    draft = course.with_content_json(course.serializable_data())
    request = rf.get("/")
    request.user = trainer
    response = draft.make_preview_request(request)
    html = (response.render() if hasattr(response, "render") else response).content.decode()
    assert response.status_code == 200 and "Kỹ năng số cơ bản" in html


def test_a_course_cannot_require_itself_even_through_another(client, catalogue, approver):
    from courses.models import CoursePage

    client.force_login(approver)
    add_url = f"/admin/pages/add/courses/coursepage/{catalogue.pk}/"
    for title, slug in (("Thư điện tử công vụ", "thu-cong-vu"), ("Chữ ký số", "chu-ky-so")):
        client.post(add_url, course_form(title, slug, "action-draft"))
    first, second = CoursePage.objects.get(slug="thu-cong-vu"), CoursePage.objects.get(slug="chu-ky-so")
    edit_first = f"/admin/pages/{first.pk}/edit/"
    assert f'value="{second.pk}"' in client.get(edit_first).content.decode()
    assert f'value="{first.pk}"' not in client.get(edit_first).content.decode()

    # A forged form naming the course itself: not one of the choices.
    forged = {**course_form(first.title, first.slug, "action-draft"), "prerequisites": [str(first.pk)]}
    refused = client.post(edit_first, forged).content.decode()
    assert f"Hãy chọn một lựa chọn hợp lệ. {first.pk} không phải" in refused
    assert not first.prerequisites.exists()

    # The second requires the first; the first may then not require the second.
    second.prerequisites.add(first)
    second.save()
    through = {**course_form(first.title, first.slug, "action-draft"), "prerequisites": [str(second.pk)]}
    refused = client.post(edit_first, through).content.decode()
    assert "Khóa học không thể yêu cầu chính nó" in refused
    first.refresh_from_db()
    assert not first.prerequisites.exists()
    assert first.get_latest_revision().as_object().prerequisites.count() == 0
