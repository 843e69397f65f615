"""`make backup` / `make restore`: a seeded PostgreSQL site backed up, restored into a fresh database and a
fresh MEDIA_ROOT, still verifies every certificate (signature included) and reports the same coverage."""

import datetime
import json
import subprocess
import sys
import uuid

import psycopg
import pytest

from tests.certificates.conftest import complete
from tests.conftest import ROOT, database_url_for_tests
from tests.lrs.conftest import site_env

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CHECK = """
import json
from certificates.models import Certificate
from certificates.services import credential_for, verify_credential
from reporting.models import Target
from reporting.services import coverage
import datetime
documents = json.load(open({documents!r}))
certificates = list(Certificate.objects.order_by("code"))
result = coverage(Target.objects.get(code="cbccvc"), datetime.date.fromisoformat({day!r}))
print(json.dumps({{
    "fresh": {{c.code: verify_credential(credential_for(c))[0] for c in certificates}},
    "kept": {{code: verify_credential(document)[0] for code, document in documents.items()}},
    "pdfs": {{c.code: bool(c.pdf) and c.pdf.storage.exists(c.pdf.name) for c in certificates}},
    "coverage": {{row.code: [row.population, row.trained] for row in result.rows}},
}}))
"""


@pytest.fixture
def media_root(settings, tmp_path):
    # Listed first in the test's arguments, so the certificates' PDFs and key land here.
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def fresh_database():
    """An empty database on the same server, dropped afterwards."""
    from django.db import connection

    db = connection.settings_dict
    name = f"kns_restore_{uuid.uuid4().hex[:8]}"
    admin = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"], "password": db["PASSWORD"] or None}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return result.stdout


def test_a_restored_site_verifies_every_certificate_and_reports_the_same_coverage(
    media_root, issued, civil_servant, make_course, make_learner, settings, tmp_path, fresh_database,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    from agencies.models import StaffMember
    from agencies.services import StaffCategory, agency_by_code, link_account, save_staff_member
    from certificates.models import Certificate
    from certificates.services import credential_for, verify_credential
    from reporting.models import Target, TargetKind

    # A small province: three more people on the roster, two of them certified through the real flow.
    course = issued.course.specific
    agency = agency_by_code("SKHCN")
    for number, name in enumerate(["Trần Văn Bình", "Lê Thị Cúc", "Phạm Văn Dũng"], start=2):
        staff = save_staff_member(StaffMember(agency=agency, staff_code=f"CB00{number}", full_name=name,
                                              category=StaffCategory.CIVIL_SERVANT))  # fmt: skip
        learner = make_learner(name)
        link_account(staff, learner)
        if number < 4:
            with django_capture_on_commit_callbacks(execute=True):
                complete(learner, course)
    target = Target.objects.create(
        code="cbccvc", name="Cán bộ được đào tạo kỹ năng số", kind=TargetKind.PERCENTAGE, goal=100,
        deadline=datetime.date(2030, 12, 31), staff_categories=["civil_servant"], tracks=["basic_digital_skills"],
    )  # fmt: skip
    certificates = list(Certificate.objects.order_by("code"))
    assert len(certificates) == 3 and all(c.pdf for c in certificates)
    documents = {c.code: credential_for(c) for c in certificates}
    assert all(verify_credential(document)[0] for document in documents.values())
    (tmp_path / "documents.json").write_text(json.dumps(documents))
    from reporting.services import coverage

    day = datetime.date.today() + datetime.timedelta(days=1)
    before = {row.code: [row.population, row.trained] for row in coverage(target, day).rows}
    assert before["SKHCN"] == [4, 3]

    folder = tmp_path / "backup"
    env = site_env(DATABASE_URL=database_url_for_tests(), MEDIA_ROOT=str(media_root), SITE_URL=settings.SITE_URL)
    manage(env, "backup", "--output", str(folder))
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["engine"] == "postgresql" and set(manifest["files"]) == {"database.dump", "media.tar.gz"}

    restored_media = tmp_path / "restored-media"
    env = site_env(DATABASE_URL=fresh_database, MEDIA_ROOT=str(restored_media), SITE_URL=settings.SITE_URL)
    manage(env, "restore", str(folder), "--noinput")
    output = manage(env, "shell", "-c", CHECK.format(documents=str(tmp_path / "documents.json"), day=day.isoformat()))
    after = json.loads(output.strip().splitlines()[-1])
    codes = [c.code for c in certificates]
    assert after["fresh"] == dict.fromkeys(codes, True)
    assert after["kept"] == dict.fromkeys(codes, True)  # the badges issued before still verify: same key
    assert after["pdfs"] == dict.fromkeys(codes, True)
    assert after["coverage"] == before


def test_a_damaged_backup_is_refused(media_root, db, tmp_path):
    from django.core.management import CommandError, call_command

    folder = tmp_path / "backup"
    folder.mkdir()
    files = {"database.dump": {"sha256": "0", "bytes": 1}}
    (folder / "manifest.json").write_text(json.dumps({"engine": "postgresql", "created_at": "x", "files": files}))
    (folder / "database.dump").write_bytes(b"x")
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(folder), "--noinput")


@pytest.mark.django_db(transaction=False)
def test_sqlite_backup_and_restore_copy_the_file(tmp_path):
    """The embedded default: the SQLite file is copied whole (online backup) and put back atomically."""
    database = tmp_path / "site.sqlite3"
    env = site_env(DATABASE_URL=f"sqlite:///{database}", MEDIA_ROOT=str(tmp_path / "media"))
    manage(env, "migrate", "--noinput")
    manage(env, "shell", "-c", "from agencies.services import *; create_agency(code='SKHCN', name='Sở KH&CN', "
                               "kind=AgencyKind.DEPARTMENT)")  # fmt: skip
    (tmp_path / "media" / "rosters").mkdir(parents=True)
    (tmp_path / "media" / "rosters" / "a.csv").write_text("Họ và tên\n")
    manage(env, "backup", "--output", str(tmp_path / "backup"))
    manage(env, "shell", "-c", "from agencies.models import Agency; Agency.objects.all().delete()")
    (tmp_path / "media" / "rosters" / "a.csv").unlink()
    manage(env, "restore", str(tmp_path / "backup"), "--noinput")
    output = manage(
        env,
        "shell",
        "-c",
        "from agencies.models import Agency; print(list(Agency.objects.values_list('code', flat=True)))",
    )
    assert output.strip().splitlines()[-1] == "['SKHCN']"
    assert (tmp_path / "media" / "rosters" / "a.csv").read_text() == "Họ và tên\n"
