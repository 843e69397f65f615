"""One course, one learner, one "percent done": the learner's pages and the HR officer's list and exports agree.

The course has required and optional lessons and a final quiz. The learner does one required lesson, both
optional ones and fails the quiz once: one of the three lessons that count toward completion (the two
required lessons and the quiz) is done, so every surface shows 33%, not 3 of 5 lessons (60%) nor 3 done
of 3 required (100%).
"""

import csv
import io
import re

import openpyxl
import pytest
from django.test import Client

from tests.courses.conftest import lessons_of
from tests.courses.test_learner_pages import answers_for, quiz_form

pytestmark = pytest.mark.django_db

EXPECTED = 33


def valuenow(html):
    """The percent of the page's progress bar (the course page and "my learning" have one each here)."""
    found = re.findall(r'role="progressbar"[^>]*aria-valuenow="(\d+)"', html)
    assert len(found) == 1, found
    return int(found[0])


@pytest.fixture
def scene(make_course, civil_servant, django_user_model):
    from agencies.services import grant_hr_scope, staff_member_for
    from reporting.models import Target

    course = make_course(title="Chữ ký số", lessons=4, optional=(2, 4), audience="civil_servants")
    first, second, third, fourth, quiz = lessons_of(course)
    learner = Client()
    learner.force_login(civil_servant)
    assert learner.post(course.url + "dang-ky/").status_code == 302
    for lesson in (first, second, fourth):
        assert learner.post(lesson.url, {"action": "complete"}).status_code == 302
    token, ids = quiz_form(learner.get(quiz.url))
    failed = learner.post(quiz.url, {"action": "submit", "token": token, **answers_for(quiz, ids, False)})
    assert failed.status_code == 302

    target = Target.objects.create(code="chu-ky-so", name="Chữ ký số", kind="percentage", deadline="2026-12-31")
    target.courses.add(course)
    agency = staff_member_for(civil_servant).agency
    officer = django_user_model.objects.create_user(
        "to-chuc", "to.chuc@nghean.gov.vn", "mat-khau-rat-dai-2026", full_name="Cán bộ tổ chức"
    )
    grant_hr_scope(officer, agency)
    hr = Client()
    hr.force_login(officer)
    people_url = f"/reports/coverage/{target.code}/{agency.code}/people"
    return {"course": course, "lessons": (first, second, third, fourth, quiz), "learner": learner, "hr": hr,
            "people_url": people_url, "user": civil_servant}  # fmt: skip


def test_the_learner_and_the_hr_officer_see_the_same_percent(scene):
    from courses.services import percent_done, percents_done

    course, learner, hr = scene["course"], scene["learner"], scene["hr"]
    third = scene["lessons"][2]
    seen = {}

    seen["course page"] = valuenow(learner.get(course.url).content.decode())
    seen["lesson page"] = valuenow(learner.get(third.url).content.decode())
    seen["my learning"] = valuenow(learner.get("/khoa-hoc/cua-toi/").content.decode())

    html = hr.get(scene["people_url"] + "/").content.decode()
    row = re.search(r'<tr data-staff="CB001" data-status="in_progress">(.*?)</tr>', html, re.S)
    assert row is not None, html
    seen["HR people list"] = int(re.search(r"\((\d+)%\)", row.group(1)).group(1))

    response = hr.get(scene["people_url"] + ".csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    column = rows[0].index("Tiến độ (%)")
    (mine,) = [r for r in rows[1:] if r[0] == "CB001"]
    seen["people CSV"] = int(mine[column])

    response = hr.get(scene["people_url"] + ".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    (mine,) = [r for r in values[1:] if r[0] == "CB001"]
    seen["people XLSX"] = mine[values[0].index("Tiến độ (%)")]

    seen["percent_done"] = percent_done(scene["user"], course)
    seen["percents_done"] = percents_done([scene["user"].pk], [course.pk])[(scene["user"].pk, course.pk)]

    assert seen == dict.fromkeys(seen, EXPECTED)


def test_the_percent_follows_the_completion_rule(scene):
    """The two required lessons left and a pass make 100 everywhere; optional lessons never move it."""
    from courses.services import completion_for, percent_done

    course, learner, user = scene["course"], scene["learner"], scene["user"]
    first, second, third, fourth, quiz = scene["lessons"]
    learner.post(third.url, {"action": "complete"})
    assert percent_done(user, course) == 67
    assert valuenow(learner.get("/khoa-hoc/cua-toi/").content.decode()) == 67
    token, ids = quiz_form(learner.get(quiz.url))
    learner.post(quiz.url, {"action": "submit", "token": token, **answers_for(quiz, ids)})
    assert completion_for(user, course) is not None
    assert percent_done(user, course) == 100
