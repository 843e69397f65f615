"""The learner's pages: catalogue, course, enrolment, lesson player, quiz, completion, "my learning".

Views never write progress: they record statements (`xapi.services.record`) and the processor
turns those into progress. Pages stay light: the lesson list of a course is one query, progress is
folded into it, nothing is queried per lesson.
"""

import base64
import json
import uuid
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xapi.services import actor_for, launch_credential

from . import quiz as quiz_engine
from . import services
from .activities import lesson_activity_id
from .models import (
    AssessmentAttempt,
    Audience,
    Completion,
    CoursePage,
    Enrolment,
    Track,
    fold,
)
from .quiz import pool
from .selectors import outline, outline_percent, resume_point

QUIZ_SALT = "courses.quiz"
QUIZ_MAX_AGE = 12 * 3600


# Catalogue ----------------------------------------------------------------------------------------


class CatalogueFilter(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=100)
    track = forms.ChoiceField(
        label=gettext_lazy("Track"),
        required=False,
        choices=[("", gettext_lazy("All tracks")), *Track.choices],
    )
    audience = forms.ChoiceField(
        label=gettext_lazy("Audience"),
        required=False,
        choices=[("", gettext_lazy("All audiences")), *Audience.choices],
    )


def catalogue(request, index):
    form = CatalogueFilter(request.GET or None)
    courses = CoursePage.objects.live().child_of(index).order_by("path")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["track"]:
            courses = courses.filter(track=data["track"])
        if data["audience"]:
            courses = courses.filter(audience__in=[data["audience"], Audience.EVERYONE])
        for word in fold(data["q"]).split():
            courses = courses.filter(search_text__contains=word)
    elif form.is_bound:
        messages.error(request, _("The filter was not understood; showing every course."))
        form = CatalogueFilter()
    courses = list(courses.select_related("cover_image"))
    enrolled = {}
    if request.user.is_authenticated:
        for enrolment in Enrolment.objects.filter(user=request.user).select_related("completion"):
            enrolled[enrolment.course_id] = enrolment
    items = [(course, enrolled.get(course.pk)) for course in courses]
    context = {
        "page": index,
        "self": index,
        "form": form,
        "items": items,
        "my_learning_url": index.url + index.reverse_subpage("my_learning"),
    }
    return TemplateResponse(request, "courses/course_index_page.html", context)


# Course -------------------------------------------------------------------------------------------


def _enrolment(request, course):
    if not request.user.is_authenticated:
        return None
    return Enrolment.objects.filter(user=request.user, course=course).select_related("completion").first()


def _completion_of(enrolment):
    if enrolment is None:
        return None
    try:
        return enrolment.completion
    except Completion.DoesNotExist:
        return None


def course_page(request, course):
    course_url = course.get_url(request)
    enrolment = _enrolment(request, course)
    lessons = outline(course, course_url, request.user if enrolment else None)
    allowed, reason = (True, "")
    if enrolment is None and request.user.is_authenticated:
        allowed, reason = services.can_enrol(request.user, course)
    context = {
        "page": course,
        "self": course,
        "lessons": lessons,
        "enrolment": enrolment,
        "completion": _completion_of(enrolment),
        "resume": resume_point(lessons) if enrolment else None,
        "percent": outline_percent(lessons),
        "has_assessment": any(lesson["is_assessment"] for lesson in lessons),
        "can_enrol": allowed,
        "refusal": reason,
        "enrol_url": course_url + course.reverse_subpage("enrol"),
        "completion_url": course_url + course.reverse_subpage("completion"),
        # A preview hands over an in-memory relation (no .live()): filter in Python, it is a short list.
        "prerequisites": [p for p in course.prerequisites.all() if p.live],
    }
    return TemplateResponse(request, "courses/course_page.html", context)


def enrol(request, course):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(course.get_url(request))
    try:
        services.enrol(request.user, course)
    except services.EnrolmentRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(course.get_url(request))
    lessons = outline(course, course.get_url(request), request.user)
    messages.success(request, _("You are enrolled in %(course)s.") % {"course": course.title})
    target = resume_point(lessons)
    return redirect(target["url"] if target else course.get_url(request))


def completion_page(request, course):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    completion = _completion_of(_enrolment(request, course))
    if completion is None:
        messages.info(request, _("You have not completed this course yet."))
        return redirect(course.get_url(request))
    context = {
        "page": course,
        "self": course,
        "completion": completion,
        "links": services.completion_links(completion),
    }
    return TemplateResponse(request, "courses/completion_page.html", context)


# My learning --------------------------------------------------------------------------------------


def my_learning(request, index):
    """The learner's courses: those in progress first (last worked on first), each with a button to the
    exact lesson to continue with, then the completed ones with their certificates. A fixed number of
    queries, whatever the number of courses."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    in_progress, completed = services.learner_courses(request.user, request)
    context = {"page": index, "self": index, "in_progress": in_progress, "completed": completed}
    return TemplateResponse(request, "courses/my_learning.html", context)


# # Lesson player ------------------------------------------------------------------------------------


def lesson_page(request, lesson):
    if getattr(request, "is_preview", False):
        return _render_lesson(request, lesson, None, preview=True)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    url = lesson.get_url(request)
    course_url = url[: url.rstrip("/").rfind("/") + 1]
    # Routing already fetched the course (CoursePage.route); fetch it only when served otherwise.
    course = getattr(lesson, "_cached_parent_obj", None)
    if not isinstance(course, CoursePage):
        course = services.course_for_lesson(lesson)
    if request.method == "POST":
        enrolment = Enrolment.objects.filter(user=request.user, course=course).first()
        if enrolment is None:
            messages.info(request, _("Enrol in the course to take its lessons."))
            return redirect(course_url)
        enrolment.course = course
        action = request.POST.get("action")
        if action == "complete":
            return _mark_done(request, lesson, enrolment, course_url)
        if action == "submit" and lesson.assessment is not None:
            return _submit_quiz(request, lesson, enrolment, course_url)
        messages.error(request, _("That action is not possible on this page."))
        return redirect(url)
    lessons = outline(course, course_url, request.user)
    if not lessons or lessons[0]["enrolment_id"] is None:
        messages.info(request, _("Enrol in the course to take its lessons."))
        return redirect(course_url)
    return _render_lesson(request, lesson, course, course_url=course_url, lessons=lessons)


def _neighbours(lessons, lesson_id):
    for position, item in enumerate(lessons):
        if item["id"] == lesson_id:
            previous = lessons[position - 1] if position > 0 else None
            following = lessons[position + 1] if position + 1 < len(lessons) else None
            return item, previous, following
    return None, None, None


def _render_lesson(request, lesson, course, *, course_url=None, lessons=None, preview=False, quiz=None,
                   status=200):  # fmt: skip
    if preview:
        course = services.course_for_lesson(lesson)
        course_url = course.get_url(request) or "/"
    if lessons is None:
        lessons = outline(course, course_url, None if preview else request.user)
    current, previous, following = _neighbours(lessons, lesson.pk)
    enrolment_id = None if preview else lessons[0]["enrolment_id"]
    context = {
        "page": lesson,
        "self": lesson,
        "course": course,
        "course_url": course_url,
        "lessons": lessons,
        "current": current,
        "previous": previous,
        "next": following,
        "percent": outline_percent(lessons),
        "completion": False if preview else lessons[0]["course_completed"],
        "completion_url": course_url + course.reverse_subpage("completion"),
        "preview": preview,
        "launch_urls": {},
    }
    assessment = lesson.assessment
    if assessment is not None:
        context["quiz"] = quiz or _quiz_context(request, lesson, assessment, enrolment_id, course)
    if not preview and any(block.block_type == "xapi_activity" for block in lesson.body):
        enrolment = Enrolment.objects.get(pk=enrolment_id)
        context["launch_urls"] = _launch_urls(request.user, lesson, enrolment)
    return TemplateResponse(request, "courses/lesson_page.html", context, status=status)


def _launch_urls(user, lesson, enrolment):
    """Launch each xAPI activity block with the LRS, a short-lived credential, actor and registration."""
    _credential, key, secret = launch_credential(user, lesson_activity_id(lesson), enrolment.registration)
    params = {
        "endpoint": f"{settings.SITE_URL}/xapi/",
        "auth": "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode(),
        "actor": json.dumps(actor_for(user), ensure_ascii=False, separators=(",", ":")),
        "registration": str(enrolment.registration),
        "activity_id": lesson_activity_id(lesson),
    }
    urls = {}
    for block in lesson.body:
        if block.block_type == "xapi_activity":
            base = block.value["launch_url"]
            urls[block.id] = base + ("&" if "?" in base else "?") + urlencode(params)
    return urls


def _mark_done(request, lesson, enrolment, course_url):
    lessons = outline(enrolment.course, course_url, request.user)
    current, _previous, following = _neighbours(lessons, lesson.pk)
    if current is None:
        return redirect(course_url)
    if lesson.is_assessment:
        messages.info(request, _("Pass the quiz to finish this lesson."))
        return redirect(current["url"])
    if not current["done"]:
        services.record_lesson_done(request.user, lesson, enrolment.registration)
    if Completion.objects.filter(enrolment=enrolment).exists():
        return redirect(course_url + enrolment.course.reverse_subpage("completion"))
    return redirect(following["url"] if following else course_url)


# Quiz ---------------------------------------------------------------------------------------------
# The engine (`courses.quiz`) draws, grades and writes the statements; here: the form, recording, pages.


def _quiz_context(request, lesson, assessment, enrolment_id, course):
    questions = pool(assessment)
    settings_ = assessment.value
    attempts = []
    if enrolment_id is not None:
        attempts = list(AssessmentAttempt.objects.filter(enrolment_id=enrolment_id, lesson=lesson))
    limit = settings_["max_attempts"]
    passed = any(attempt.passed for attempt in attempts)
    # A certificate about to expire (or expired) is renewed by passing the final quiz again.
    renewing = passed and request.user.is_authenticated and services.renewal_due(request.user, course)
    left = None if limit is None else max(0, limit - len(attempts))
    shown = None
    key = request.GET.get("ket-qua")
    if key:
        shown = next((a for a in attempts if str(a.attempt_key) == key), None)
    context = {
        "intro": settings_["intro"],
        "pass_mark": quiz_engine.pass_mark(settings_, course.pass_mark),
        "attempts": attempts,
        "attempts_left": left,
        "limit": limit,
        "passed": passed,
        "best": max((a.percent for a in attempts if a.percent is not None), default=None),
        "result": _feedback(shown, questions, quiz_engine.reveals(settings_, passed)) if shown else None,
        "can_attempt": renewing or (not passed and (left is None or left > 0)),
        "renewing": renewing,
    }
    if context["can_attempt"] and shown is None:
        previous = attempts[-1].question_ids if attempts else []
        context.update(_new_form(lesson, questions, settings_["questions_per_attempt"], previous))
    return context


def _new_form(lesson, questions, per_attempt, previous=()):
    drawn = quiz_engine.new_attempt(questions, per_attempt, previous)
    token = signing.dumps(
        {"l": lesson.pk, "k": uuid.uuid4().hex, "q": drawn, "t": timezone.now().isoformat()},
        salt=QUIZ_SALT,
        compress=True,
    )
    return {"token": token, "questions": [questions[i] for i in drawn], "selected": {}}


def _feedback(attempt, questions, reveal=True):
    return {"attempt": attempt, "items": quiz_engine.feedback(attempt.question_ids, attempt.answers, questions, reveal)}


def _submit_quiz(request, lesson, enrolment, course_url):
    url = f"{course_url}{lesson.slug}/"
    assessment = lesson.assessment
    questions = pool(assessment)
    try:
        token = signing.loads(request.POST.get("token", ""), salt=QUIZ_SALT, max_age=QUIZ_MAX_AGE)
        key = uuid.UUID(token["k"])
        drawn = list(token["q"])
        if token["l"] != lesson.pk or not drawn or any(q not in questions for q in drawn):
            raise ValueError("stale")
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        messages.error(request, _("This quiz form has expired or was changed. Here is a new one."))
        return redirect(url)
    if AssessmentAttempt.objects.filter(attempt_key=key).exists():
        return redirect(f"{url}?{urlencode({'ket-qua': key})}")
    quiz = _quiz_context(request, lesson, assessment, enrolment.pk, enrolment.course)
    if quiz["passed"] and not quiz["renewing"]:
        messages.info(request, _("You have already passed this quiz."))
        return redirect(url)
    if not quiz["can_attempt"]:
        messages.error(request, _("You have no attempts left for this quiz."))
        return redirect(url)
    result = quiz_engine.grade(
        questions,
        drawn,
        {question_id: request.POST.getlist(f"q-{question_id}") for question_id in drawn},
        pass_mark=quiz["pass_mark"],
        settings=assessment.value,
        passed_before=quiz["passed"],
        lesson=lesson,
        attempt_key=key,
        started=token["t"],
    )
    if not result.complete:
        messages.error(
            request,
            _("Answer every question before submitting (%(count)s left).") % {"count": len(result.unanswered)},
        )
        quiz.update({"token": request.POST["token"], "questions": [questions[i] for i in drawn]})
        quiz["selected"] = result.selected
        quiz["unanswered"] = set(result.unanswered)
        return _render_lesson(request, lesson, enrolment.course, course_url=course_url, quiz=quiz, status=400)
    services.record_quiz_attempt(request.user, result, enrolment.registration)
    return redirect(f"{url}?{urlencode({'ket-qua': key})}")
