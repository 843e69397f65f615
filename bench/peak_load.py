"""Peak load: how many learners at once the site serves with p95 under 500 ms and no errors.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kns_peak13 REDIS_URL=redis://127.0.0.1:6379/11 \\
        .venv/bin/python bench/peak_load.py [--smoke]

It migrates the given PostgreSQL database, runs `seed_demo`, creates learners in bulk and enrols them
in the demo course, then serves the site with gunicorn (3 workers with 4 threads, DEBUG off) next to a
Celery worker of its own. Simulated learners (locust, headless, loopback only) each open a lesson page
and post a statement to the LRS with their browser session every 2 to 4 s; now and then one takes the
course's quiz or opens "my learning". The number of learners steps up until a step's p95 passes 500 ms
or any request fails; it prints each step and the largest N that held, with the load average.
--smoke: 50 learners for 20 s, one step (a check that it runs and reports, not a measurement).
"""

# Locust patches the standard library with gevent: it must come before anything opens sockets.
from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from datetime import UTC, datetime  # noqa: E402

from harness import ROOT, ensure_database, free_port, manage, serve, site_env, stop  # noqa: E402

P95_LIMIT_MS = 500
TOKEN_RE = re.compile(r'name="token" value="([^"]+)"')
QUESTION_RE = re.compile(r'name="(q-[^"]+)" value="([^"]*)"')
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


SEED = r"""
import json, sys
import django
django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from courses.models import CoursePage, LessonPage
from courses.services import enrol

count = int(sys.argv[1])
User = get_user_model()
course = CoursePage.objects.live().get(slug="ky-nang-so-co-ban")
lessons = list(LessonPage.objects.child_of(course).live().order_by("path"))
password = make_password(None)
emails = [f"peak{n}@bench.kynangso.local" for n in range(count)]
have = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
User.objects.bulk_create(
    [User(email=e, username=e, password=password) for e in emails if e not in have], batch_size=1000
)
# The demo course is for civil servants: the learners join an agency's staff roster, as HR would link them.
from agencies.models import Agency, StaffCategory, StaffMember
agency = Agency.objects.filter(active=True).first()
users = list(User.objects.filter(email__in=emails).order_by("email"))
linked = set(StaffMember.objects.filter(user__in=users).values_list("user_id", flat=True))
StaffMember.objects.bulk_create([
    StaffMember(full_name=f"Học viên {u.pk}", staff_code=f"PEAK-{u.pk}", email=u.email, agency=agency, user=u,
                category=StaffCategory.values[0])
    for u in users if u.pk not in linked
], batch_size=1000)
learners = []
for user in users:
    enrol(user, course)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    learners.append({"session": session.session_key, "public_id": str(user.public_id)})
print(json.dumps({
    "learners": learners,
    "lessons": [l.url for l in lessons if not l.is_assessment],
    "quizzes": [l.url for l in lessons if l.assessment is not None],
    "lesson_ids": [f"{settings.SITE_URL}/xapi/activities/lesson/{l.pk}" for l in lessons if not l.is_assessment],
    "my_learning": course.get_parent().specific.url + "cua-toi/",
    "site_url": settings.SITE_URL,
}))
"""


def seed(env, learners):
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo", "--allow-production", "--without-history")
    manage(env, "collectstatic", "--noinput", debug="0")
    out = subprocess.run(
        [sys.executable, "-c", SEED, str(learners)], cwd=ROOT, env={**env, "DEBUG": "1"}, capture_output=True,
        text=True,
    )  # fmt: skip
    if out.returncode:
        raise SystemExit(f"seeding learners failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def learner_class(data):
    from locust import HttpUser, between, task

    learners = data["learners"]
    pool = list(range(len(learners)))
    random.Random(5).shuffle(pool)

    class Learner(HttpUser):
        wait_time = between(2, 4)

        def on_start(self):
            me = learners[pool.pop()] if pool else random.choice(learners)
            self.client.cookies.set("sessionid", me["session"])
            self.agent = {"objectType": "Agent", "account": {"homePage": data["site_url"], "name": me["public_id"]}}
            self.registration = None

        def _csrf(self):
            # DEBUG off marks the cookie Secure, which a plain-HTTP client keeps but does not send back.
            token = next((c.value for c in self.client.cookies if c.name == "csrftoken"), "")
            return token, {"csrftoken": token}

        @task(20)
        def lesson(self):
            index = random.randrange(len(data["lessons"]))
            self.client.get(data["lessons"][index], name="lesson page")
            statement = {
                "id": str(uuid.uuid4()),
                "actor": self.agent,
                "verb": {"id": "http://adlnet.gov/expapi/verbs/progressed", "display": {"en-US": "progressed"}},
                "object": {"objectType": "Activity", "id": data["lesson_ids"][index]},
                "result": {"extensions": {"https://w3id.org/xapi/video/extensions/progress": 0.5}},
                "timestamp": datetime.now(UTC).isoformat(),
            }
            token, cookies = self._csrf()
            self.client.post(
                "/xapi/statements", json=statement, name="statement (session)", cookies=cookies,
                headers={"X-Experience-API-Version": "1.0.3", "X-CSRFToken": token},
            )  # fmt: skip

        @task(1)
        def quiz(self):
            if not data["quizzes"]:
                return
            url = data["quizzes"][0]
            page = self.client.get(url, name="quiz page").text
            token, csrf = TOKEN_RE.search(page), CSRF_RE.search(page)
            if token is None or csrf is None:
                return  # passed already, or no attempts left: the page shows no form
            form = {"action": "submit", "token": token.group(1), "csrfmiddlewaretoken": csrf.group(1)}
            answers = {}
            for name, value in QUESTION_RE.findall(page):
                answers.setdefault(name, value)
            self.client.post(url, data={**form, **answers}, name="quiz submit", cookies=self._csrf()[1])

        @task(2)
        def my_learning(self):
            self.client.get(data["my_learning"], name="my learning")

    return Learner


def run_step(environment, users, seconds):
    from locust.stats import StatsEntry  # noqa: F401 (the runner's stats are these)

    environment.stats.reset_all()
    runner = environment.runner
    runner.start(users, spawn_rate=max(users / 5, 10))
    time.sleep(min(5, seconds / 4))
    environment.stats.reset_all()  # measure once every learner is on
    time.sleep(seconds)
    total = environment.stats.total
    result = {
        "users": users,
        "requests": total.num_requests,
        "failures": total.num_failures,
        "p95": total.get_response_time_percentile(0.95) or 0,
        "p50": total.get_response_time_percentile(0.5) or 0,
        "rps": total.num_requests / seconds,
        "load": os.getloadavg()[0],
        "by_name": {
            name: (entry.num_requests, entry.get_response_time_percentile(0.95))
            for (name, _method), entry in environment.stats.entries.items()
        },
    }
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", default="50,100,200,300,400,600,800", help="learners at each step")
    parser.add_argument("--seconds", type=float, default=40, help="measured length of each step")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--smoke", action="store_true", help="50 learners for 20 s, one step")
    args = parser.parse_args()
    steps = [50] if args.smoke else [int(n) for n in args.steps.split(",")]
    seconds = 20 if args.smoke else args.seconds

    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"):
        raise SystemExit("set DATABASE_URL (PostgreSQL, it will be migrated and filled) and REDIS_URL")
    ensure_database(os.environ["DATABASE_URL"], required=True)
    port = free_port()
    env = site_env(f"http://127.0.0.1:{port}")
    print(f"seeding {max(steps)} learners (migrate, seed_demo, bulk learners, enrolments)...", flush=True)
    data = seed(env, max(steps))
    processes = serve(env, port, workers=args.workers, threads=args.threads, celery=True)
    from locust.env import Environment

    environment = Environment(user_classes=[learner_class(data)], host=f"http://127.0.0.1:{port}")
    environment.create_local_runner()
    best, results = 0, []
    try:
        for users in steps:
            result = run_step(environment, users, seconds)
            results.append(result)
            held = result["failures"] == 0 and result["p95"] < P95_LIMIT_MS
            print(
                f"{users:5d} learners: {result['rps']:6.1f} req/s, p50 {result['p50']:5.0f} ms, p95 "
                f"{result['p95']:5.0f} ms, {result['failures']} errors of {result['requests']}, load average "
                f"{result['load']:.1f}  {'ok' if held else 'over'}",
                flush=True,
            )
            for name, (count, p95) in sorted(result["by_name"].items()):
                print(f"        {name:<20} {count:6d} requests, p95 {p95 or 0:5.0f} ms")
            if not held:
                break
            best = users
    finally:
        environment.runner.quit()
        stop(processes)
    print(f"largest N with p95 < {P95_LIMIT_MS} ms and 0 errors: {best} learners "
          f"(gunicorn -w {args.workers} --threads {args.threads}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f})")  # fmt: skip


if __name__ == "__main__":
    main()
