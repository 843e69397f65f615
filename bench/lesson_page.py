"""Lesson page benchmark: a signed-in learner's lesson served by gunicorn, against baselines in one run.

    .venv/bin/python bench/lesson_page.py [--seconds 8] [--rounds 3] [--clients 4] [--workers 2]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kns_bench_lesson .venv/bin/python bench/lesson_page.py

It prepares a database of its own (a fresh SQLite file unless DATABASE_URL is set), loads the demo data,
enrols the demo civil servant in the digital-skills course with half of it done, then serves the site
with gunicorn (DEBUG off, static files collected) and, round after round, measures requests per second
of the same number of keep-alive clients on:
1. the lesson page (the learner's session; the lesson player with its outline and progress bar);
2. /healthz, the cheapest Django view of the same processes (database, cache and broker checks);
3. the site's stylesheet, served by whitenoise from the same processes.
It also prints the SQL queries and bytes of one lesson request, measured in-process.
Ratios are what to compare between machines; absolute figures drift with the load of a shared host.
"""

import argparse
import http.client
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

from harness import free_port, manage, serve, site_env, stop


def prepare_environment(args):
    env = site_env()
    if not env.get("DATABASE_URL"):
        path = Path(tempfile.gettempdir()) / "kns-bench-lesson.sqlite3"
        path.unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{path}"
    return env


def learner_session():
    """Enrol the demo civil servant, do half the course, and return (session key, lesson URL, queries, bytes)."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from courses.activities import activity
    from courses.models import CoursePage, LessonPage
    from courses.services import enrol
    from xapi.services import record

    user = get_user_model().objects.get(email="hocvien@kynangso.local")
    course = CoursePage.objects.get(slug="ky-nang-so-co-ban")
    enrolment = enrol(user, course)
    lessons = list(LessonPage.objects.child_of(course).live().order_by("path"))
    for lesson in lessons[: len(lessons) // 2]:
        record(user, "experienced", activity("lesson", lesson), registration=enrolment.registration)
    target = lessons[len(lessons) // 2]

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()

    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    url = target.url
    client.get(url, HTTP_HOST="127.0.0.1")  # warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_HOST="127.0.0.1")
    assert response.status_code == 200, response.status_code
    return session.session_key, url, len(queries), len(response.content)


def load(port, path, headers, seconds, clients):
    """Requests per second of `clients` keep-alive connections hammering `path` for `seconds`."""
    counts, errors = [0] * clients, [0] * clients
    stop = time.monotonic() + seconds

    def worker(index):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                counts[index] += 1
            else:
                errors[index] += 1
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    if sum(errors):
        raise SystemExit(f"{path}: {sum(errors)} responses were not 200")
    return sum(counts) / elapsed


def stylesheet_path(port, lesson, headers):
    import re

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", lesson, headers=headers)
    response = connection.getresponse()
    html = response.read().decode()
    assert response.status == 200, response.status
    return re.search(r'href="(/static/css/site[^"]*\.css)"', html).group(1), len(html.encode())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="length of each measurement")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the three measurements")
    parser.add_argument("--clients", type=int, default=4, help="concurrent keep-alive clients")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    args = parser.parse_args()

    env = prepare_environment(args)
    print("preparing the database (migrate, seed_demo, collectstatic)...", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo", "--allow-production", "--without-history")
    manage(env, "collectstatic", "--noinput", debug="0")
    os.environ.update({**env, "DEBUG": "0", "DJANGO_SETTINGS_MODULE": "lms.settings"})
    session_key, lesson, queries, size = learner_session()

    port = free_port()
    processes = serve(env, port, workers=args.workers)
    try:
        headers = {"Cookie": f"sessionid={session_key}", "Host": "127.0.0.1"}
        stylesheet, wire_size = stylesheet_path(port, lesson, headers)
        targets = {"lesson page": lesson, "/healthz": "/healthz", "stylesheet": stylesheet}
        results = {name: [] for name in targets}
        for _ in range(2):  # warm every process
            for path in targets.values():
                load(port, path, headers, 1, args.clients)
        for round_number in range(1, args.rounds + 1):
            for name, path in targets.items():
                rate = load(port, path, headers, args.seconds, args.clients)
                results[name].append(rate)
                print(f"  round {round_number}: {name:<12} {rate:8.1f} req/s", flush=True)
    finally:
        stop(processes)

    median = {name: statistics.median(rates) for name, rates in results.items()}
    print()
    print(f"lesson page: {lesson}")
    print(f"  SQL queries per request: {queries} (budget 5)")
    print(f"  bytes per request: {size} in-process, {wire_size} over the wire (budget {150 * 1024})")
    print(f"gunicorn: {args.workers} workers, {args.clients} clients, {args.rounds} rounds of {args.seconds:g} s")
    for name, rate in median.items():
        print(f"  {name:<12} {rate:8.1f} req/s (median)")
    print(f"ratio lesson page / healthz:    {median['lesson page'] / median['/healthz']:.2f}")
    print(f"ratio lesson page / stylesheet: {median['lesson page'] / median['stylesheet']:.2f}")


if __name__ == "__main__":
    main()
