"""A course's results for its trainers (Moodle's course reports): the figures the page and exports show.

Every read goes through courses' and certificates' services; the whole report is a fixed number of
queries whatever the number of learners. Who may read it is decided in `reporting.services`
(`results_course`), not here.

- Learners: enrolled, not started, in progress, completed, and valid certificates today.
- Completions per month over the last `months` months (local time, Asia/Ho_Chi_Minh).
- The final quiz: attempts, passed attempts, average score, learners who tried and who passed.
- Each question of the quiz's pool: times answered and percent answered right.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from certificates.services import valid_certificates
from courses.services import (
    assessment_questions,
    attempt_summary,
    completions_by_month,
    enrolment_status_counts,
    final_assessment_lesson,
    question_statistics,
)

DEFAULT_MONTHS = 12
MAX_MONTHS = 36


def percent(part, whole):
    """`part` of `whole` in percent, one decimal; None when `whole` is 0."""
    if not whole:
        return None
    return round(100 * part / whole, 1)


@dataclass
class MonthRow:
    month: datetime.date  # its first day
    completions: int
    bar: float = 0  # percent of the busiest month, for the bar chart


@dataclass
class QuestionRow:
    number: int
    question_id: str
    kind: str
    text: str
    answered: int
    right: int
    # The wrong option learners chose most (a wrong answer's option that is not a right one), and how often.
    common_wrong: str = ""
    common_wrong_times: int = 0

    @property
    def percent_right(self):
        return percent(self.right, self.answered)


@dataclass
class CourseResults:
    course: object
    on_date: datetime.date
    months: int
    enrolled: int = 0
    not_started: int = 0
    in_progress: int = 0
    completed: int = 0
    certified: int = 0
    by_month: list = field(default_factory=list)
    quiz: object = None  # the final assessment lesson, or None
    attempts: int = 0
    passed: int = 0
    average: float = None  # percent, one decimal
    learners_tried: int = 0
    learners_passed: int = 0
    questions: list = field(default_factory=list)

    @property
    def completed_percent(self):
        return percent(self.completed, self.enrolled)

    @property
    def in_progress_percent(self):
        return percent(self.in_progress, self.enrolled)

    @property
    def not_started_percent(self):
        return percent(self.not_started, self.enrolled)

    @property
    def pass_rate(self):
        """Passed attempts among submitted attempts."""
        return percent(self.passed, self.attempts)

    @property
    def learner_pass_rate(self):
        return percent(self.learners_passed, self.learners_tried)

    @property
    def completions_in_window(self):
        return sum(row.completions for row in self.by_month)


def month_starts(last, count):
    """The first days of the `count` months ending with the month of `last`, oldest first."""
    year, month = last.year, last.month
    starts = []
    for _ in range(count):
        starts.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def _local_midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def course_results(course, months=DEFAULT_MONTHS, on_date=None):
    """The figures of `course` (a CoursePage the caller may read), months of completions ending `on_date`."""
    on_date = on_date or timezone.localdate()
    result = CourseResults(course=course, on_date=on_date, months=months)

    counts = enrolment_status_counts(course)
    result.enrolled, result.completed = counts["enrolled"], counts["completed"]
    result.in_progress, result.not_started = counts["in_progress"], counts["not_started"]
    result.certified = valid_certificates(on_date).filter(course_id=course.pk).values("learner_id").distinct().count()

    starts = month_starts(on_date, months)
    following = month_starts(on_date, 1)[0]
    following = datetime.date(following.year + following.month // 12, following.month % 12 + 1, 1)
    found = completions_by_month(course, _local_midnight(starts[0]), _local_midnight(following))
    busiest = max(found.values(), default=0)
    result.by_month = [
        MonthRow(month=start, completions=found.get(start, 0), bar=percent(found.get(start, 0), busiest) or 0)
        for start in starts
    ]

    result.quiz = final_assessment_lesson(course)
    if result.quiz is not None:
        summary = attempt_summary(result.quiz)
        result.attempts, result.passed = summary["attempts"], summary["passed"]
        result.learners_tried, result.learners_passed = summary["learners"], summary["learners_passed"]
        result.average = None if summary["average"] is None else round(summary["average"] * 100, 1)
        stats = question_statistics(result.quiz)
        result.questions = [
            _question_row(question, stats.get(question["id"], (0, 0, {})))
            for question in assessment_questions(result.quiz)
        ]
    return result


def _question_row(question, figures):
    answered, right, wrong_choices = figures
    labels = dict(question["options"])
    wrong = {
        value: times for value, times in wrong_choices.items() if value in labels and value not in question["correct"]
    }
    common = max(sorted(wrong), key=wrong.get) if wrong else None
    return QuestionRow(
        number=question["number"],
        question_id=question["id"],
        kind=question["kind"],
        text=question["text"],
        answered=answered,
        right=right,
        common_wrong=str(labels[common]) if common is not None else "",
        common_wrong_times=wrong.get(common, 0),
    )
