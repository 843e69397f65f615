"""How an attacker and an honest learner talk to the site: HTTP only, a session with its CSRF token."""

import base64
import json
import re
import uuid

from django.conf import settings
from django.test import Client

ADL = "http://adlnet.gov/expapi/verbs/"
XAPI = {"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}


def agent(user):
    return {"objectType": "Agent", "account": {"homePage": settings.SITE_URL, "name": str(user.public_id)}}


def statement(user, verb, activity_id, registration=None, **extra):
    data = {
        "actor": agent(user),
        "verb": {"id": ADL + verb, "display": {"en-US": verb}},
        "object": {"objectType": "Activity", "id": activity_id},
        **extra,
    }
    if registration:
        data["context"] = {"registration": str(registration)}
    return data


def course_run(user, lessons, registration, result):
    """The statements of a whole run through a course: "experienced" for each lesson before the final quiz,
    then "passed" for the quiz with `result`."""
    from courses.services import lesson_activity_id

    run = [statement(user, "experienced", lesson_activity_id(page), registration) for page in lessons[:-1]]
    run.append(statement(user, "passed", lesson_activity_id(lessons[-1]), registration, result=result))
    return run


def basic_auth(key, secret):
    """The headers of an xAPI request made with an LRS credential over HTTP Basic."""
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode(), **XAPI}


class Browser:
    """A signed-in learner's browser: session cookie, CSRF token, the site's pages and /xapi/."""

    def __init__(self, user):
        self.user = user
        self.client = Client(enforce_csrf_checks=True)
        self.client.force_login(user)
        self.client.get("/accounts/profile/")  # a page with a form: it sets the CSRF cookie
        self.token = self.client.cookies["csrftoken"].value

    def post_statements(self, *statements):
        body = json.dumps(list(statements))
        return self.client.post("/xapi/statements", body, "application/json", HTTP_X_CSRFTOKEN=self.token, **XAPI)

    def post(self, url, data=None):
        return self.client.post(url, {**(data or {}), "csrfmiddlewaretoken": self.token})

    def get(self, url):
        return self.client.get(url)

    def take_quiz(self, quiz, right=True):
        """Open the quiz lesson, answer every drawn question (all right or all wrong), submit."""
        from courses.quiz import pool

        html = self.get(quiz.url).content.decode()
        token = re.search(r'name="token" value="([^"]+)"', html).group(1)
        ids = list(dict.fromkeys(re.findall(r'name="q-([0-9a-f-]+)"', html)))
        questions = pool(quiz.assessment)
        answers = {}
        for question_id in ids:
            question = questions[question_id]
            wrong = [value for value, _label in question["options"] if value not in question["correct"]]
            answers[f"q-{question_id}"] = question["correct"] if right else wrong[:1]
        return self.post(quiz.url, {"action": "submit", "token": token, **answers})

    def learn(self, course, lessons, right=True):
        """Enrol through the course page, mark every text lesson done, take the final quiz."""
        self.post(course.url + "dang-ky/")
        for lesson in lessons:
            if not lesson.is_assessment:
                self.post(lesson.url, {"action": "complete"})
        quiz = [lesson for lesson in lessons if lesson.is_assessment][-1]
        return self.take_quiz(quiz, right=right)


def new_registration():
    return uuid.uuid4()


def proof_of(user, course):
    from certificates.models import Certificate
    from courses.models import Completion, Enrolment

    return {
        "enrolled": Enrolment.objects.filter(user=user, course=course).exists(),
        "completed": Completion.objects.filter(enrolment__user=user, enrolment__course=course).exists(),
        "valid_certificates": Certificate.objects.filter(learner=user, course=course, revoked_at__isnull=True).count(),
    }


NOTHING = {"enrolled": False, "completed": False, "valid_certificates": 0}
