"""A course's results page for its trainers: the figures, their cost, who may read them, bad parameters,
and the CSV/XLSX downloads."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.reporting.course_results_data import EXPECTED, add_learners, months_back, seed_small_course

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-rat-dai-2026"  # noqa: S105 (test accounts)


@pytest.fixture
def seeded(make_course, django_user_model):
    return seed_small_course(make_course, django_user_model)


@pytest.fixture
def course(seeded):
    return seeded[0]


@pytest.fixture
def other_course(seeded):
    return seeded[1]


def editors_of(page, name, django_user_model, username):
    """A user whose own group may edit `page` (and what is below it) in the Wagtail admin, and nothing else."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    group = Group.objects.create(name=name)
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for codename in ("add_page", "change_page"):
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.create(group=group, page=page, permission=permission)
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.vn", password=PASSWORD, full_name=f"Giảng viên {username}"
    )
    user.groups.add(group)
    return user


@pytest.fixture
def trainer(course, django_user_model):
    return editors_of(course, "Giảng viên khóa an toàn", django_user_model, "gv-antoan")


@pytest.fixture
def other_trainer(other_course, django_user_model):
    return editors_of(other_course, "Giảng viên khóa TMĐT", django_user_model, "gv-tmdt")


def url(course, suffix=""):
    return f"/reports/courses/{course.pk}/{suffix}"


# The figures ------------------------------------------------------------------------------------------


def test_figures_of_a_small_course(course):
    from reporting.services import course_results

    result = course_results(course)
    for name in ("enrolled", "not_started", "in_progress", "completed", "certified"):
        assert getattr(result, name) == EXPECTED[name], name
    for name in ("attempts", "passed", "pass_rate", "average", "learners_tried", "learners_passed"):
        assert getattr(result, name) == EXPECTED[name], name
    assert result.completed_percent == 50.0
    assert [(q.answered, q.right, q.percent_right) for q in result.questions] == EXPECTED["questions"]
    assert [q.number for q in result.questions] == [1, 2, 3, 4]
    assert result.questions[0].text == "Mật khẩu nào mạnh nhất?"


def test_completions_by_month_in_local_time_over_the_last_twelve_months(course):
    from reporting.services import course_results

    today = timezone.localdate()
    result = course_results(course)
    months = [row.month for row in result.by_month]
    assert len(months) == 12 and months[-1] == months_back(today, 0) and months[0] == months_back(today, 11)
    counts = {row.month: row.completions for row in result.by_month}
    # E completed at 00:30 local time on the 1st: the previous month in UTC, this one in Nghệ An.
    assert counts == {m: (1 if m in (months_back(today, 0), months_back(today, 2)) else 0) for m in months}
    assert result.completions_in_window == 2  # F's completion is 13 months old; the other course's is not ours
    assert {row.bar for row in result.by_month} == {0, 100.0}
    longer = course_results(course, months=24)
    assert len(longer.by_month) == 24 and longer.completions_in_window == 3


def test_a_course_without_a_quiz_has_no_quiz_figures(make_course, django_user_model, client):
    from reporting.services import course_results

    course = make_course(title="Khóa không kiểm tra", quiz=False)
    result = course_results(course)
    assert result.quiz is None and result.attempts == 0 and result.questions == []
    admin = django_user_model.objects.create_superuser(username="root2", email="root2@example.vn", password=PASSWORD)
    client.force_login(admin)
    page = client.get(url(course))
    assert page.status_code == 200
    assert "Khóa học này không có bài kiểm tra cuối khóa." in page.content.decode()


def test_the_page_shows_the_figures_in_vietnamese(client, course, trainer):
    client.force_login(trainer)
    response = client.get(url(course))
    assert response.status_code == 200
    html = response.content.decode()
    for heading in ("Kết quả khóa học", "Học viên", "Hoàn thành theo tháng", "Bài kiểm tra cuối khóa", "Từng câu hỏi"):
        assert heading in html, heading
    assert 'data-figure="enrolled"><th scope="row">Đã ghi danh</th><td class="num">6</td>' in html
    assert "60,0%" in html and "70,0%" in html  # pass rate, average score
    assert 'data-answered="5" data-right="2"' in html and "40,0%" in html
    assert "style=" not in html  # the Content-Security-Policy allows no inline styles: bars are classes


def test_query_count_does_not_grow_with_learners(client, course, trainer, django_user_model):
    client.force_login(trainer)
    client.get(url(course))  # warm caches (content types, site)

    def counted(path):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    paths = [url(course), url(course, "results.xlsx"), url(course, "results.csv")]
    add_learners(course, django_user_model, 5)
    few = [counted(path) for path in paths]
    add_learners(course, django_user_model, 25)
    many = [counted(path) for path in paths]
    assert few == many, (few, many)
    assert max(many) <= 20


# Who may read them -----------------------------------------------------------------------------------


def test_the_courses_editors_and_province_administrators_may_read(client, course, trainer, django_user_model):
    from agencies.services import PROVINCE_ADMINS, ensure_role_groups

    groups = ensure_role_groups()
    admin = django_user_model.objects.create_user(username="qt", email="qt@example.vn", password=PASSWORD)
    admin.groups.add(groups[PROVINCE_ADMINS])
    root = django_user_model.objects.create_superuser(username="root", email="root@example.vn", password=PASSWORD)
    for user in (trainer, admin, root):
        client.force_login(user)
        for suffix in ("", "results.csv", "results.xlsx"):
            assert client.get(url(course, suffix)).status_code == 200, (user, suffix)


def test_a_trainer_group_member_edits_and_reads_every_course(client, course, other_course, django_user_model):
    """The Trainers group edits the whole catalogue (courses.setup_catalogue), so it reads every course."""
    from agencies.services import TRAINERS, ensure_role_groups

    user = django_user_model.objects.create_user(username="gv", email="gv@example.vn", password=PASSWORD)
    user.groups.add(ensure_role_groups()[TRAINERS])
    client.force_login(user)
    assert client.get(url(course)).status_code == 200
    assert client.get(url(other_course)).status_code == 200


def test_an_owner_with_add_permission_only_reads_their_own_course(client, catalogue, make_course, django_user_model):
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    group = Group.objects.create(name="Tác giả")
    permission = Permission.objects.get(content_type__app_label="wagtailcore", codename="add_page")
    GroupPagePermission.objects.create(group=group, page=catalogue, permission=permission)
    author = django_user_model.objects.create_user(username="tg", email="tg@example.vn", password=PASSWORD)
    author.groups.add(group)
    mine, theirs = make_course(title="Của tôi"), make_course(title="Của người khác")
    mine.owner = author
    mine.save_revision().publish()
    client.force_login(author)
    assert client.get(url(mine)).status_code == 200
    assert client.get(url(theirs)).status_code == 404


@pytest.mark.parametrize("who", ["learner_of_the_course", "learner", "hr_officer", "other_trainer"])
def test_others_are_refused_like_for_a_course_that_does_not_exist(
    client, course, other_course, other_trainer, django_user_model, who
):
    from agencies.services import AgencyKind, create_agency, grant_hr_scope

    if who == "learner_of_the_course":
        user = course.enrolments.first().user
    elif who == "learner":
        user = django_user_model.objects.create_user(username="hv", email="hv@example.vn", password=PASSWORD)
    elif who == "hr_officer":
        user = django_user_model.objects.create_user(username="tccb", email="tccb@example.vn", password=PASSWORD)
        grant_hr_scope(user, create_agency(code="SNV", name="Sở Nội vụ", kind=AgencyKind.DEPARTMENT))
    else:
        user = other_trainer
    client.force_login(user)
    for suffix in ("", "results.csv", "results.xlsx"):
        assert client.get(url(course, suffix)).status_code == 404, suffix
    index = client.get("/reports/courses/")
    if who == "other_trainer":
        assert client.get(url(other_course)).status_code == 200  # their own course
        assert url(course) not in index.content.decode()
    else:
        assert index.status_code == 404


def test_a_deactivated_trainer_is_refused(client, course, trainer):
    client.force_login(trainer)
    trainer.is_active = False
    trainer.save()
    assert client.get(url(course)).status_code in (302, 404)
    from reporting.services import can_see_course_results

    assert not can_see_course_results(trainer, course)


def test_anonymous_visitors_are_sent_to_sign_in(client, course):
    for suffix in ("", "results.csv", "results.xlsx"):
        response = client.get(url(course, suffix))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_forged_course_ids_are_refused(client, course, trainer, catalogue, django_user_model):
    from courses.models import LessonPage

    root = django_user_model.objects.create_superuser(username="root", email="root@example.vn", password=PASSWORD)
    lesson = LessonPage.objects.child_of(course).first()
    for user in (trainer, root):
        client.force_login(user)
        for forged in (lesson.pk, catalogue.pk, 999999, 99999999999999999999999, 0):
            for suffix in ("", "results.xlsx"):
                assert client.get(f"/reports/courses/{forged}/{suffix}").status_code == 404, (forged, suffix)
        for forged in ("abc", "-1", "1.5", "%D9%A3"):  # "٣", an Arabic-Indic digit
            assert client.get(f"/reports/courses/{forged}/").status_code == 404, forged


@pytest.mark.parametrize(
    "query",
    ["months=abc", "months=0", "months=37", "months=-1", "months=1e3", "months=%EF%BC%91", "months=" + "9" * 20],
)
def test_bad_parameters_are_a_clear_400(client, course, trainer, query):
    client.force_login(trainer)
    for suffix in ("", "results.csv", "results.xlsx"):
        response = client.get(url(course, suffix) + "?" + query)
        assert response.status_code == 400, (query, suffix)
        html = response.content.decode()
        assert "số tháng" in html and "từ 1 đến 36" in html, html
        assert f'href="{url(course)}"' in html  # back to the results


@pytest.mark.parametrize("query", ["months=%00", "months=12%0A", "x%01=1"])
def test_control_characters_are_a_400(client, course, trainer, query):
    client.force_login(trainer)
    response = client.get(url(course) + "?" + query)
    assert response.status_code == 400
    assert "ký tự không được phép" in response.content.decode()


def test_months_choice_is_kept(client, course, trainer):
    client.force_login(trainer)
    response = client.get(url(course) + "?months=24")
    html = response.content.decode()
    assert html.count("data-month=") == 24
    assert f'href="/reports/courses/{course.pk}/results.xlsx?months=24"' in html


# Downloads -------------------------------------------------------------------------------------------


def sheet_rows(workbook, title):
    return [list(row) for row in workbook[title].iter_rows(values_only=True)]


def test_xlsx_holds_the_numbers(client, course, trainer):
    client.force_login(trainer)
    response = client.get(url(course, "results.xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="ket-qua-an-toan-co-ban-')
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Học viên", "Hoàn thành theo tháng", "Bài kiểm tra cuối khóa", "Từng câu hỏi"]
    learners = sheet_rows(workbook, "Học viên")
    assert learners[0] == ["Chỉ số", "Số lượng", "Tỷ lệ trên số ghi danh (%)"]
    assert learners[1:] == [
        ["Đã ghi danh", 6, 100],
        ["Chưa bắt đầu", 1, 16.7],
        ["Đang học", 2, 33.3],
        ["Đã hoàn thành", 3, 50],
        ["Chứng nhận còn hiệu lực", 1, None],
    ]
    months = sheet_rows(workbook, "Hoàn thành theo tháng")
    assert len(months) == 13 and sum(row[1] for row in months[1:]) == 2
    assert months[-1][0] == timezone.localdate().strftime("%m/%Y")
    quiz = dict(row for row in sheet_rows(workbook, "Bài kiểm tra cuối khóa")[1:])
    assert quiz == {
        "Lượt làm bài": 5,
        "Lượt đạt": 3,
        "Tỷ lệ đạt (%)": 60,
        "Điểm trung bình (%)": 70,
        "Học viên đã làm bài": 4,
        "Học viên đã đạt": 3,
    }
    questions = sheet_rows(workbook, "Từng câu hỏi")
    assert questions[0][:5] == ["STT", "Câu hỏi", "Số lượt trả lời", "Số lượt trả lời đúng", "Tỷ lệ đúng (%)"]
    assert [row[2:5] for row in questions[1:]] == [[5, 5, 100], [5, 4, 80], [5, 3, 60], [5, 2, 40]]


def test_csv_holds_the_same_numbers(client, course, trainer):
    client.force_login(trainer)
    response = client.get(url(course, "results.csv"))
    assert response.status_code == 200 and response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["An toàn thông tin cơ bản"]
    assert ["Đã hoàn thành", "3", "50.0"] in rows
    assert ["Tỷ lệ đạt (%)", "60.0"] in rows
    assert ["4", "Nên bật xác thực hai lớp.", "5", "2", "40.0", "", "0"] in rows
    assert ["Từng câu hỏi"] in rows


def test_exports_keep_question_text_inert(client, make_course, django_user_model):
    from tests.courses.conftest import question

    pool = [question("true_false", '=HYPERLINK("http://x","bấm")', True), question("true_false", "Đúng?", True)]
    course = make_course(title="@Khóa lạ", pool=pool)
    root = django_user_model.objects.create_superuser(username="root", email="root@example.vn", password=PASSWORD)
    client.force_login(root)
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(url(course, "results.xlsx")).content))
    cell = workbook["Từng câu hỏi"]["B2"]
    assert cell.value == '\'=HYPERLINK("http://x","bấm")' and cell.data_type == "s"
    text = client.get(url(course, "results.csv")).content.decode("utf-8-sig")
    assert text.startswith("'@Khóa lạ") and "'=HYPERLINK" in text


# The admin's way in ----------------------------------------------------------------------------------


def test_the_admin_links_to_the_results_for_the_courses_editors(client, course, other_course, trainer, catalogue):
    client.force_login(trainer)
    edit = client.get(f"/admin/pages/{course.pk}/edit/").content.decode()
    assert f'href="/reports/courses/{course.pk}/"' in edit and "Kết quả khóa học" in edit
    dashboard = client.get("/admin/").content.decode()
    assert "/reports/courses/" in dashboard  # the sidebar menu, as JSON props
    index = client.get("/reports/courses/").content.decode()
    assert f'href="/reports/courses/{course.pk}/"' in index
    assert f'href="/reports/courses/{other_course.pk}/"' not in index


def test_the_explorer_offers_the_results_on_course_rows_only(client, course, catalogue, django_user_model):
    root = django_user_model.objects.create_superuser(username="root", email="root@example.vn", password=PASSWORD)
    client.force_login(root)
    listing = client.get(f"/admin/pages/{catalogue.pk}/").content.decode()
    assert f'data-course-results="{course.pk}"' in listing
    lessons = client.get(f"/admin/pages/{course.pk}/").content.decode()
    assert lessons.count("data-course-results=") == 1  # the course's own header, not its lessons' rows


def test_each_question_shows_the_wrong_answer_learners_chose_most(make_course, django_user_model):
    """Like Moodle's quiz statistics: where learners go wrong. A right option chosen in a wrong answer (one
    of two right ones) is not a wrong answer; a value no option has (forged) is ignored."""
    from courses.services import assessment_questions
    from reporting.course_results import course_results
    from tests.reporting.course_results_data import attempt, enrol, learner, lessons_of, local

    course = make_course(title="An toàn thông tin", slug="attt")
    _lessons, quiz = lessons_of(course)
    single, multiple = [question["id"] for question in assessment_questions(quiz)][:2]
    enrolment = enrol(learner(django_user_model, "Học viên G"), course, local(timezone.localdate()))
    given = [(["0"], ["0", "2"]), (["0"], ["0"]), (["1"], ["0", "2"]), (["2"], ["0", "1"]), (["9"], ["x"])]
    for first, second in given:
        answers = {
            single: {"response": first, "correct": first == ["2"]},
            multiple: {"response": second, "correct": second == ["0", "1"]},
        }
        attempt(enrolment, quiz, [False, False, True, True], local(timezone.localdate()), extra_answers=answers)
    rows = course_results(course, 12).questions
    assert (rows[0].common_wrong, rows[0].common_wrong_times) == ("123456", 2)
    assert (rows[1].common_wrong, rows[1].common_wrong_times) == ("Thư quen", 2)
    assert rows[2].common_wrong == "" and rows[3].common_wrong == ""  # no option value chosen wrongly
