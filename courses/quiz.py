"""The quiz engine: the question pool, drawing an attempt, grading it, feedback, the attempt's statements.

Pure functions of what they are given (question data, the learner's answers, the quiz's settings): no
request, no HTTP, no database. The lesson view reads the form, calls `grade`, records the statements of
the `QuizResult` with `xapi.services.record` and renders; the statement processor turns them into the
attempt and the learner's progress.

A question, as `pool` gives it: {"id", "kind", "text", "explanation", "options": [(value, label)],
"correct": [values], "multiple"}. Answers are {question id: {"response": [values], "correct": bool}},
as the attempt's statement carries them.
"""

import random
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .activities import activity, extension, question_activity_id

INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"


def pool(assessment):
    """The assessment's questions by block id, as plain dicts the templates and scoring share."""
    questions = {}
    for child in assessment.value["questions"]:
        value = child.value
        if child.block_type == "true_false":
            options = [("true", _("True")), ("false", _("False"))]
            correct = ["true" if value["answer"] else "false"]
        else:
            options = [(str(i), choice["text"]) for i, choice in enumerate(value["choices"])]
            correct = [str(i) for i, choice in enumerate(value["choices"]) if choice["correct"]]
        questions[child.id] = {
            "id": child.id,
            "kind": child.block_type,
            "text": value["question"],
            "explanation": value["explanation"],
            "options": options,
            "correct": correct,
            "multiple": child.block_type == "multiple_choice",
        }
    return questions


def pass_mark(settings, course_pass_mark):
    """The quiz's own pass mark (percent), else the course's."""
    return settings.get("pass_mark") or course_pass_mark


def reveals(settings, passed):
    """Whether feedback shows the right answers: the trainer's choice, by default only once passed."""
    choice = settings.get("show_answers") or "after_passing"
    return choice == "always" or (choice == "after_passing" and passed)


def draw(ids, count, previous=(), rng=random):
    """`count` question ids, preferring ones the last attempt did not ask: a retry is a new set where the
    pool is large enough, and shares as few questions as it must otherwise."""
    fresh = [q for q in ids if q not in set(previous)]
    if len(fresh) >= count:
        return rng.sample(fresh, count)
    rest = [q for q in ids if q not in set(fresh)]
    return fresh + rng.sample(rest, count - len(fresh))


def new_attempt(questions, per_attempt, previous=(), rng=random):
    """The question ids of a new attempt, in the order asked: `per_attempt` of them (all when unset)."""
    ids = list(questions)
    count = min(per_attempt or len(ids), len(ids))
    drawn = draw(ids, count, previous, rng=rng)
    rng.shuffle(drawn)
    return drawn


def feedback(question_ids, answers, questions, reveal=True):
    """What the learner sees after an attempt, question by question, in the order asked.

    Questions no longer in the pool are left out; odd stored values (a tool's) never break the page.
    """
    items = []
    answers = answers if isinstance(answers, dict) else {}
    for number, question_id in enumerate(question_ids if isinstance(question_ids, list) else [], start=1):
        question = questions.get(question_id) if isinstance(question_id, str) else None
        if question is None:
            continue
        answer = answers.get(question_id)
        answer = answer if isinstance(answer, dict) else {}
        response = answer.get("response")
        labels = dict(question["options"])
        items.append(
            {
                "number": number,
                "text": question["text"],
                "correct": answer.get("correct", False),
                "given": [labels.get(v, v) if isinstance(v, str) else str(v) for v in _as_list(response)],
                # An explanation gives the answer away as surely as the answer itself.
                "right": [labels[v] for v in question["correct"] if v in labels] if reveal else [],
                "explanation": question["explanation"] if reveal else "",
            }
        )
    return items


def _as_list(value):
    return value if isinstance(value, list) else []


@dataclass(frozen=True)
class StatementPayload:
    """One statement to record for the learner: `record(user, verb, object, result=, context=, registration=)`."""

    verb: str
    object: dict
    result: dict
    context: dict


@dataclass
class QuizResult:
    asked: list  # the question ids graded, in the order asked
    answers: dict  # question id: {"response": [values], "correct": bool}
    selected: dict  # question id: the valid values given (to fill the form again)
    unanswered: list  # question ids without a valid answer: nothing is recorded then
    right: int
    total: int
    scaled: float  # 0..1
    passed: bool
    feedback: list = field(default_factory=list)
    statements: list = field(default_factory=list)  # StatementPayload, empty unless the attempt is complete

    @property
    def complete(self):
        return not self.unanswered

    @property
    def percent(self):
        return round(self.scaled * 100)


def _given(question, raw):
    """The valid values of one answer: one for a single-answer question, only the question's own options."""
    if isinstance(raw, str):
        raw = [raw]
    given = list(raw) if isinstance(raw, list | tuple) else []
    if not question["multiple"]:
        given = given[:1]
    valid = {value for value, _label in question["options"]}
    return [value for value in given if isinstance(value, str) and value in valid]


def grade(
    questions,
    drawn,
    responses,
    *,
    pass_mark,
    settings=None,
    passed_before=False,
    lesson=None,
    attempt_key=None,
    started=None,
):
    """Grade one attempt.

    `questions`: the pool (`pool`); `drawn`: the ids the form asked; `responses`: {question id: [values
    given]}; `pass_mark`: percent; `settings`: the quiz's (for `show_answers`); `passed_before`: whether
    an earlier attempt passed (feedback may then reveal the answers). With `lesson` (anything with `pk`
    and `title`), `attempt_key` and `started`, a complete attempt also carries its statements: "answered"
    for each question, then "passed" or "failed" for the lesson with the score and the answers.

    Answers to questions not drawn, values that are not the question's options, and drawn ids unknown
    to the pool are ignored: they count neither for nor against.
    """
    asked = [question_id for question_id in drawn if isinstance(question_id, str) and question_id in questions]
    answers, selected, unanswered = {}, {}, []
    for question_id in asked:
        question = questions[question_id]
        given = _given(question, responses.get(question_id))
        selected[question_id] = given
        if not given:
            unanswered.append(question_id)
        answers[question_id] = {"response": given, "correct": sorted(given) == sorted(question["correct"])}
    right = sum(1 for answer in answers.values() if answer["correct"])
    total = len(asked)
    scaled = right / total if total else 0.0
    passed = bool(total) and scaled * 100 >= pass_mark
    result = QuizResult(
        asked=asked,
        answers=answers,
        selected=selected,
        unanswered=unanswered,
        right=right,
        total=total,
        scaled=scaled,
        passed=passed,
    )
    result.feedback = feedback(asked, answers, questions, reveals(settings or {}, passed_before or passed))
    if result.complete and total and lesson is not None:
        result.statements = statements(result, questions, lesson, attempt_key=attempt_key, started=started)
    return result


def statements(result, questions, lesson, *, attempt_key, started):
    """The statements of a graded attempt, in the order to record them."""
    lesson_object = activity("lesson", lesson)
    payloads = []
    for question_id in result.asked:
        question, answer = questions[question_id], result.answers[question_id]
        payloads.append(
            StatementPayload(
                verb="answered",
                object={
                    "id": question_activity_id(lesson, question_id),
                    "definition": {"type": INTERACTION, "name": {"vi-VN": question["text"][:250]}},
                },
                result={"success": answer["correct"], "response": "[,]".join(answer["response"])},
                context={"contextActivities": {"parent": [{"id": lesson_object["id"]}]}},
            )
        )
    payloads.append(
        StatementPayload(
            verb="passed" if result.passed else "failed",
            object=lesson_object,
            result={
                "score": {"scaled": round(result.scaled, 4), "raw": result.right, "min": 0, "max": result.total},
                "success": result.passed,
                "completion": True,
            },
            context={
                "extensions": {
                    extension("attempt"): str(attempt_key),
                    extension("questions"): list(result.asked),
                    extension("answers"): result.answers,
                    extension("started"): started,
                }
            },
        )
    )
    return payloads
