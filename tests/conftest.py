"""Shared test fixtures: real services only.

- `integration` tests run when DATABASE_URL points at PostgreSQL and REDIS_URL is set; otherwise they
  are deselected (the newcomer's run). Once configured, a service that does not answer fails the test
  under CI=true and skips it elsewhere.
- `celery_worker` starts a real worker process on the configured Redis for the test session.
- `browser` tests drive Debian's Chromium through Playwright.
- `slow` tests run under CI=true or KNS_SLOW=1.
"""

import collections
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from django.conf import global_settings

# Playwright's sync API keeps an event loop in the test thread; the ORM calls the tests make there
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def services_configured():
    return os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgis")) and bool(os.environ.get("REDIS_URL"))


def run_slow():
    return IN_CI or os.environ.get("KNS_SLOW") == "1"


# Thousands of throwaway passwords: hashed fast (MD5) here and in every process a test starts, which
# inherit PASSWORD_HASHERS; the key-stretching hashers stay listed so their hashes still verify.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *global_settings.PASSWORD_HASHERS]


def pytest_configure(config):
    use_fast_password_hashing()
    use_a_cache_of_this_workers_own()


def use_fast_password_hashing():
    from django.conf import settings
    from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm

    os.environ["PASSWORD_HASHERS"] = ",".join(FAST_PASSWORD_HASHERS)
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS
    get_hashers.cache_clear()
    get_hashers_by_algorithm.cache_clear()


def use_a_cache_of_this_workers_own():
    """Under pytest-xdist each worker has its own test database (pytest-django names them apart) and, here,
    its own Redis database for the cache, so one worker clearing the cache or counting a rate limit never
    disturbs another. Processes a test starts (gunicorn, a Celery worker) inherit CACHE_URL."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if not worker.startswith("gw") or not redis_url:
        return
    from urllib.parse import urlsplit, urlunsplit

    from django.conf import settings

    parts = urlsplit(redis_url)
    base = int(parts.path.strip("/") or 0)
    cache_db = (base + 1 + int(worker[2:])) % 16
    cache_url = urlunsplit(parts._replace(path=f"/{cache_db}"))
    os.environ["CACHE_URL"] = cache_url
    if "redis" in settings.CACHES["default"]["BACKEND"].lower():
        settings.CACHES["default"]["LOCATION"] = cache_url


HEAVY_FILES = {
    "test_demo_history.py",
    "test_trainer_admin_vietnamese.py",
    "test_forwarding.py",
    "test_backup_restore.py",
    "test_peak_load_smoke.py",
    "test_postgres_restart.py",
}


def pytest_collection_modifyitems(config, items):
    keep, dropped = [], []
    for item in items:
        needs_services = "integration" in item.keywords and not services_configured()
        too_slow = "slow" in item.keywords and not run_slow()
        (dropped if needs_services or too_slow else keep).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
    # The longest files first: spread over workers file by file, they would otherwise finish last, alone.
    # Within a weight, files with more tests first (`make test` keeps this order: --no-loadscope-reorder).
    tests_in_file = collections.Counter(item.path for item in items)
    items.sort(key=lambda item: (expected_weight(item), -tests_in_file[item.path]))


def expected_weight(item):
    """0 for the slowest files, 1 for those that start a browser or a server, 2 for a seeded demo, 3 the rest."""
    if "slow" in item.keywords or item.path.name in HEAVY_FILES:
        return 0
    fixtures = set(getattr(item, "fixturenames", ()))
    starts_something = fixtures & {"page", "browser", "live_server", "celery_worker"}
    if starts_something or "browser" in item.keywords or "integration" in item.keywords:
        return 1
    if "demo_site" in fixtures:
        return 2
    return 3


def pytest_report_header(config):
    mode = "PostgreSQL + Redis (integration)" if services_configured() else "embedded default"
    return [f"services: {mode}; slow tests: {'on' if run_slow() else 'off'}; CI: {IN_CI}"]


def missing(reason):
    """A required part is absent: fail in CI, skip on a developer's machine."""
    if IN_CI:
        pytest.fail(reason)
    pytest.skip(reason)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


@pytest.fixture(scope="session")
def redis_url():
    import redis

    url = os.environ.get("REDIS_URL", "")
    if not url:
        missing("REDIS_URL is not set")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        missing(f"Redis at {url} does not answer: {exc}")
    return url


class RedisServer:
    """A private redis-server on its own port, for tests that stop and start Redis."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        import redis

        binary = shutil.which("redis-server")
        if not binary:
            missing("redis-server is not installed")
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

        def answers():
            try:
                return redis.Redis(port=self.port, socket_connect_timeout=0.5).ping()
            except redis.RedisError:
                return False

        assert wait_until(answers, 10), "private redis-server did not start"

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


@pytest.fixture
def private_redis():
    server = RedisServer()
    server.start()
    yield server
    server.stop()


def database_url_for_tests():
    """The URL of the test database pytest-django created, for processes the tests start."""
    from django.db import connection

    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker, redis_url):
    """A real `celery -A lms worker` on the configured Redis and the test database.

    It listens on a queue of its own, so two test sessions on one Redis never take each other's tasks.
    """
    from lms.celery import app

    queue = f"test-{uuid.uuid4().hex[:8]}"
    with django_db_blocker.unblock():
        database_url = database_url_for_tests()
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url, "CELERY_QUEUE": queue}
    log = open(Path(tempfile.gettempdir()) / f"kns-celery-{queue}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "lms", "worker", "--pool=solo", "--loglevel=INFO",
         "-n", f"{queue}@%h", "-Q", queue],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    previous_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue

    def ready():
        replies = app.control.ping(destination=[f"{queue}@{socket.gethostname()}"], timeout=0.5)
        return bool(replies)

    try:
        if not wait_until(ready, 60, interval=0.5):
            log.flush()
            pytest.fail("the Celery worker did not start:\n" + Path(log.name).read_text()[-3000:])
        yield {"queue": queue, "process": process, "log": Path(log.name)}
    finally:
        app.conf.task_default_queue = previous_queue
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture
def eager_celery(settings):
    """Tasks run in-process, as in the embedded default, whatever services are configured."""
    from lms.celery import app

    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


@pytest.fixture(autouse=True)
def empty_process_caches():
    """What a process keeps between requests (sites, credentials, trust facts) starts empty in each test:
    the rows it was made from are rolled back after every test."""
    from courses import trust
    from lms import navigation, sites
    from xapi.http import forget_credential

    def clear():
        sites.clear()
        navigation.clear()
        forget_credential()
        trust._facts.clear()

    clear()
    yield
    clear()


@pytest.fixture
def home_site(db):
    """Only the Wagtail site, its home page and the administrator: what page tests of the site itself need."""
    from lms import demo
    from lms.management.commands.seed_demo import Report

    demo.seed(Report())


@pytest.fixture
def demo_site(db):
    """The site, its home page, the courses, the roster and the demo logins, as `seed_demo` makes them (without
    the year of history: tests that need it seed it themselves)."""
    from django.core.management import call_command

    call_command("seed_demo", "--allow-production", "--without-history", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def department(db):
    """Sở Khoa học và Công nghệ under the province, made through agencies' services."""
    from agencies.services import AgencyKind, create_agency

    province = create_agency(code="UBND", name="UBND tỉnh Nghệ An", kind=AgencyKind.PROVINCE)
    return create_agency(code="SKHCN", name="Sở Khoa học và Công nghệ", kind=AgencyKind.DEPARTMENT, parent=province)


@pytest.fixture
def make_role_user(django_user_model):
    """Makes an account (e-mail `username`@example.vn) in one of the role groups of `agencies.services`."""
    from agencies.services import ensure_role_groups

    def make(role, username, full_name):
        user = django_user_model.objects.create_user(
            username=username, email=f"{username}@example.vn", password="x-kns-2026-dai", full_name=full_name
        )
        user.groups.add(ensure_role_groups()[role])
        return user

    return make


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        missing(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


# axe-core runs on every page of the site a browser test loads (not Wagtail's admin, which has its own
# audits, nor frames inside a page); each serious or critical violation is reported back to the test.
AXE_ON_LOAD = """
window.addEventListener("load", () => {
  const path = location.pathname;
  if (window.top !== window || !window.axe || /^\\/(django-)?admin\\//.test(path)) return;
  window.__axeRun = window.axe.run(document, {resultTypes: ["violations"]}).then((result) => {
    const found = result.violations
      .filter((v) => v.impact === "critical" || v.impact === "serious")
      .map((v) => `${v.impact} ${v.id}: ${v.nodes[0].html.slice(0, 200)}`);
    return window.__axeReport(path, found);
  }).catch(() => null);
});
"""


def axe_script():
    import axe_playwright_python

    return Path(axe_playwright_python.__file__).parent / "axe.min.js"


@pytest.fixture
def page(browser, request):
    """A fresh browser context per test, with axe-core checking every page it loads (a serious or critical
    violation fails the test when it ends); screenshots go to test-results/."""
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(15_000)
    violations = []
    context.expose_binding("__axeReport", lambda _source, path, found: violations.extend(f"{path}: {v}" for v in found))
    context.add_init_script(path=str(axe_script()))
    context.add_init_script(AXE_ON_LOAD)
    page = context.new_page()
    page.axe_violations = violations  # a test of the audit itself reads and clears them
    yield page
    for open_page in context.pages:  # the last page's audit may still be running
        with contextlib.suppress(Exception):
            open_page.evaluate("() => window.__axeRun || null")
    context.close()
    assert violations == [], "axe-core found serious accessibility problems:\n" + "\n".join(violations)


@pytest.fixture
def screenshot_dir():
    path = ROOT / "test-results"
    path.mkdir(exist_ok=True)
    return path
