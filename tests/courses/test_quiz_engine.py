"""The quiz engine on its own: grading, drawing and feedback from plain data, without HTTP or the database."""

import random
import uuid
from types import SimpleNamespace

import pytest

from courses import quiz

LESSON = SimpleNamespace(pk=42, title="Bài kiểm tra cuối khóa", is_assessment=True)
KEY = uuid.UUID("12345678-1234-5678-1234-567812345678")
STARTED = "2026-03-01T08:00:00+07:00"


def block(block_id, kind, **value):
    return SimpleNamespace(id=block_id, block_type=kind, value={"explanation": f"Giải thích {block_id}.", **value})


ASSESSMENT = SimpleNamespace(
    value={
        "questions": [
            block("q1", "single_choice", question="Mật khẩu nào mạnh nhất?",
                  choices=[{"text": "123456", "correct": False}, {"text": "Lua-Sen-2024!", "correct": True}]),
            block("q2", "multiple_choice", question="Dấu hiệu lừa đảo?",
                  choices=[{"text": "Thúc ép", "correct": True}, {"text": "Tệp .exe", "correct": True},
                           {"text": "Thư quen", "correct": False}]),
            block("q3", "true_false", question="Được đọc mã OTP cho người lạ.", answer=False),
            block("q4", "true_false", question="Nên bật xác thực hai lớp.", answer=True),
        ]
    }
)  # fmt: skip
RIGHT = {"q1": ["1"], "q2": ["0", "1"], "q3": ["false"], "q4": ["true"]}
WRONG = {"q1": ["0"], "q2": ["2"], "q3": ["true"], "q4": ["false"]}
DRAWN = ["q3", "q1", "q4", "q2"]


@pytest.fixture
def questions():
    return quiz.pool(ASSESSMENT)


def grade(questions, responses, drawn=DRAWN, pass_mark=75, **options):
    options.setdefault("lesson", LESSON)
    return quiz.grade(questions, drawn, responses, pass_mark=pass_mark, attempt_key=KEY, started=STARTED, **options)


def test_the_pool_is_plain_data_the_pages_and_the_grading_share(questions):
    assert list(questions) == ["q1", "q2", "q3", "q4"]
    assert questions["q1"]["options"] == [("0", "123456"), ("1", "Lua-Sen-2024!")]
    assert questions["q1"]["correct"] == ["1"] and not questions["q1"]["multiple"]
    assert questions["q2"]["correct"] == ["0", "1"] and questions["q2"]["multiple"]
    assert [value for value, _label in questions["q3"]["options"]] == ["true", "false"]
    assert questions["q3"]["correct"] == ["false"] and questions["q4"]["correct"] == ["true"]


def test_the_pass_mark_is_the_quiz_s_else_the_course_s():
    assert quiz.pass_mark({"pass_mark": 60}, 80) == 60
    assert quiz.pass_mark({"pass_mark": None}, 80) == 80


def test_all_correct(questions):
    result = grade(questions, RIGHT)
    assert result.complete and result.passed
    assert (result.right, result.total, result.scaled, result.percent) == (4, 4, 1.0, 100)
    assert result.asked == DRAWN
    assert all(answer["correct"] for answer in result.answers.values())
    assert [item["correct"] for item in result.feedback] == [True] * 4
    verbs = [statement.verb for statement in result.statements]
    assert verbs == ["answered"] * 4 + ["passed"]


def test_all_wrong(questions):
    result = grade(questions, WRONG)
    assert result.complete and not result.passed
    assert (result.right, result.total, result.scaled) == (0, 4, 0.0)
    final = result.statements[-1]
    assert final.verb == "failed"
    assert final.result == {
        "score": {"scaled": 0.0, "raw": 0, "min": 0, "max": 4},
        "success": False,
        "completion": True,
    }


@pytest.mark.parametrize(
    "right_ones, pass_mark, passed",
    [
        (3, 75, True),  # exactly at the pass mark
        (2, 75, False),  # below
        (3, 80, False),  # 75% is below 80
        (3, 50, True),  # above
        (1, 25, True),
        (0, 1, False),
    ],
)
def test_partial_scores_against_the_pass_mark(questions, right_ones, pass_mark, passed):
    responses = {q: (RIGHT[q] if i < right_ones else WRONG[q]) for i, q in enumerate(DRAWN)}
    result = grade(questions, responses, pass_mark=pass_mark)
    assert result.right == right_ones and result.scaled == right_ones / 4
    assert result.passed is passed
    assert result.statements[-1].verb == ("passed" if passed else "failed")
    assert result.statements[-1].result["score"] == {"scaled": right_ones / 4, "raw": right_ones, "min": 0, "max": 4}


@pytest.mark.parametrize(
    "given, correct",
    [
        (["0", "1"], True),
        (["1", "0"], True),  # the order does not matter
        (["0"], False),  # not every right answer
        (["0", "1", "2"], False),  # a wrong one with the right ones
        (["2"], False),
    ],
)
def test_a_multiple_answer_question_needs_exactly_the_right_set(questions, given, correct):
    result = grade(questions, {"q2": given}, drawn=["q2"])
    assert result.answers["q2"] == {"response": given, "correct": correct}
    assert result.passed is correct


def test_a_single_answer_question_takes_the_first_value_only(questions):
    result = grade(questions, {"q1": ["1", "0"]}, drawn=["q1"])
    assert result.answers["q1"]["response"] == ["1"] and result.passed
    # A forged first value is not replaced by a later valid one.
    result = grade(questions, {"q1": ["9", "1"]}, drawn=["q1"])
    assert result.unanswered == ["q1"] and not result.passed


def test_forged_question_ids_in_the_answers_do_not_count(questions):
    responses = {**WRONG, "q9": ["0"], "q1-extra": ["1"], "": ["1"]}
    result = grade(questions, responses)
    assert set(result.answers) == set(DRAWN) and result.right == 0 and result.total == 4
    assert not result.passed
    assert all("q9" not in statement.object["id"] for statement in result.statements)


def test_a_question_not_drawn_does_not_count_even_when_right(questions):
    result = grade(questions, {**WRONG, "q1": RIGHT["q1"]}, drawn=["q2", "q3", "q4"])
    assert result.total == 3 and result.right == 0 and "q1" not in result.answers


def test_forged_choice_values_do_not_count(questions):
    responses = {**RIGHT, "q2": ["0", "1", "7"], "q3": ["maybe"], "q4": [["true"]]}
    result = grade(questions, responses)
    # q2 keeps its valid values; q3 and q4 have none left and are unanswered: nothing is recorded.
    assert result.selected["q2"] == ["0", "1"] and result.answers["q2"]["correct"]
    assert set(result.unanswered) == {"q3", "q4"}
    assert not result.complete and result.statements == []


def test_drawn_ids_unknown_to_the_pool_are_left_out(questions):
    result = grade(questions, RIGHT, drawn=["q1", "gone", "q2", None, 7])
    assert result.asked == ["q1", "q2"] and result.total == 2 and result.passed
    assert result.statements[-1].context["extensions"][quiz.extension("questions")] == ["q1", "q2"]


@pytest.mark.parametrize("responses", [{}, {q: [] for q in DRAWN}, dict.fromkeys(DRAWN), dict.fromkeys(DRAWN, "")])
def test_empty_answers(questions, responses):
    result = grade(questions, responses)
    assert result.unanswered == DRAWN and not result.complete
    assert not result.passed and result.right == 0 and result.statements == []


def test_odd_response_types_never_crash(questions):
    result = grade(questions, {"q1": "1", "q2": {"0": 1}, "q3": 5, "q4": ("true",)})
    assert result.answers["q1"] == {"response": ["1"], "correct": True}
    assert result.answers["q4"] == {"response": ["true"], "correct": True}
    assert set(result.unanswered) == {"q2", "q3"}


def test_nothing_drawn_is_nothing_passed(questions):
    result = grade(questions, RIGHT, drawn=[])
    assert result.total == 0 and result.scaled == 0 and not result.passed and result.statements == []


def test_the_statements_of_an_attempt(questions, settings):
    result = grade(questions, {**RIGHT, "q2": ["0"]})
    *answered, final = result.statements
    lesson_id = f"{settings.SITE_URL}/xapi/activities/lesson/42"
    assert [s.object["id"] for s in answered] == [f"{lesson_id}/question/{q}" for q in DRAWN]
    multiple = answered[DRAWN.index("q2")]
    assert multiple.result == {"success": False, "response": "0"}
    assert multiple.object["definition"] == {
        "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
        "name": {"vi-VN": "Dấu hiệu lừa đảo?"},
    }
    assert all(s.context == {"contextActivities": {"parent": [{"id": lesson_id}]}} for s in answered)
    both = grade(questions, RIGHT).statements[DRAWN.index("q2")]
    assert both.result == {"success": True, "response": "0[,]1"}
    assert final.verb == "passed" and final.object["id"] == lesson_id
    assert final.object["definition"]["name"] == {"vi-VN": "Bài kiểm tra cuối khóa"}
    assert final.result["score"] == {"scaled": 0.75, "raw": 3, "min": 0, "max": 4}
    extensions = final.context["extensions"]
    assert extensions[quiz.extension("attempt")] == str(KEY)
    assert extensions[quiz.extension("questions")] == DRAWN
    assert extensions[quiz.extension("answers")] == result.answers
    assert extensions[quiz.extension("started")] == STARTED


def test_without_a_lesson_there_is_nothing_to_record(questions):
    result = grade(questions, RIGHT, lesson=None)
    assert result.passed and result.statements == []


def test_draw_avoids_the_last_attempt_s_questions_when_it_can():
    rng = random.Random(7)
    ids = ["a", "b", "c", "d", "e"]
    for _ in range(50):
        drawn = quiz.draw(ids, 2, previous=["a", "b", "c"], rng=rng)
        assert sorted(drawn) == ["d", "e"]
    for _ in range(50):
        drawn = quiz.draw(ids, 4, previous=["a", "b", "c"], rng=rng)
        assert len(set(drawn)) == 4 and {"d", "e"} <= set(drawn)  # shares only the two it must
    assert sorted(quiz.draw(ids, 5, previous=ids, rng=rng)) == ids
    assert len(quiz.draw(ids, 3, rng=rng)) == 3


def test_a_new_attempt_asks_per_attempt_questions_in_a_shuffled_order(questions):
    rng = random.Random(1)
    assert sorted(quiz.new_attempt(questions, None, rng=rng)) == sorted(questions)
    assert sorted(quiz.new_attempt(questions, 10, rng=rng)) == sorted(questions)
    first = quiz.new_attempt(questions, 2, rng=rng)
    second = quiz.new_attempt(questions, 2, previous=first, rng=rng)
    assert len(first) == len(second) == 2 and not set(first) & set(second)
    orders = {tuple(quiz.new_attempt(questions, None, rng=rng)) for _ in range(30)}
    assert len(orders) > 1


@pytest.mark.parametrize(
    "show, passed_before, outcome, revealed",
    [
        ("always", False, WRONG, True),
        ("never", False, RIGHT, False),
        ("never", True, RIGHT, False),
        ("after_passing", False, WRONG, False),
        ("after_passing", False, RIGHT, True),  # this attempt passes
        ("after_passing", True, WRONG, True),  # an earlier one did
        (None, False, WRONG, False),  # unset: after passing
        (None, False, RIGHT, True),
    ],
)
def test_feedback_reveals_the_answers_as_the_trainer_chose(questions, show, passed_before, outcome, revealed):
    result = grade(questions, outcome, settings={"show_answers": show}, passed_before=passed_before)
    first = result.feedback[0]  # q3, a true/false question
    assert first["number"] == 1 and first["text"] == "Được đọc mã OTP cho người lạ."
    labels = dict(questions["q3"]["options"])
    assert first["given"] == [labels["false" if outcome is RIGHT else "true"]]
    if revealed:
        assert first["right"] == [labels["false"]] and first["explanation"] == "Giải thích q3."
    else:
        assert first["right"] == [] and first["explanation"] == ""
    assert quiz.reveals({"show_answers": show}, passed_before or result.passed) is revealed


def test_feedback_shows_labels_and_survives_odd_stored_attempts(questions):
    items = quiz.feedback(["q1", "gone", "q2"], {"q1": {"response": ["1"], "correct": True}}, questions)
    assert [item["number"] for item in items] == [1, 3]  # numbered as asked; a removed question is left out
    assert items[0]["given"] == ["Lua-Sen-2024!"] and items[0]["right"] == ["Lua-Sen-2024!"]
    assert items[1]["given"] == [] and items[1]["correct"] is False
    odd = quiz.feedback(["q1", {"x": 1}, "q2", "q3"], {"q1": "yes", "q2": {"response": "0"}, "q3": {"response": [1]}},
                        questions)  # fmt: skip
    assert [item["given"] for item in odd] == [[], [], ["1"]]
    assert quiz.feedback("q1", [], questions) == []
