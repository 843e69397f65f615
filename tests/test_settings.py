import base64
import os
import secrets
import subprocess
import sys

from tests.conftest import ROOT


def manage(*args, **env):
    unset = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "CACHE_URL", "PASSWORD_HASHERS"}
    unset.add("DJANGO_ALLOW_ASYNC_UNSAFE")
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "kynangso.nghean.gov.vn",
    "SITE_URL": "https://kynangso.nghean.gov.vn",
    "CERTIFICATE_SIGNING_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
}


def test_check_deploy_is_clean_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_requires_a_certificate_signing_key():
    result = manage("check", "--deploy", **{**PRODUCTION, "CERTIFICATE_SIGNING_KEY": ""})
    assert result.returncode != 0
    assert "certificates.E001" in result.stderr + result.stdout


def test_check_deploy_refuses_passwords_hashed_without_key_stretching():
    fast_first = "django.contrib.auth.hashers.MD5PasswordHasher,django.contrib.auth.hashers.PBKDF2PasswordHasher"
    result = manage("check", "--deploy", **{**PRODUCTION, "PASSWORD_HASHERS": fast_first})
    assert result.returncode != 0
    assert "accounts.E001" in result.stderr + result.stdout
    stretched = manage("check", "--deploy", **{**PRODUCTION, "PASSWORD_HASHERS": fast_first.split(",")[1]})
    assert stretched.returncode == 0, stretched.stdout + stretched.stderr


def test_certificate_key_command_prints_a_usable_key():
    result = manage("certificate_key", DEBUG="1")
    assert result.returncode == 0, result.stderr
    key = result.stdout.strip()
    assert (
        manage(
            "check", "--deploy", "--fail-level", "WARNING", **{**PRODUCTION, "CERTIFICATE_SIGNING_KEY": key}
        ).returncode
        == 0
    )


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    env = {**PRODUCTION, "SECRET_KEY": ""}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_embedded_default_without_any_variable():
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert [code for code, _name in settings.LANGUAGES] == ["vi", "en"]
    result = manage("shell", "--no-imports", "-c", "from django.conf import settings as s; "
                    "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, "
                    "s.CACHES['default']['BACKEND'])", DEBUG="1")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.cache.backends.locmem.LocMemCache",
    ]


def test_redis_url_makes_redis_the_broker_and_cache():
    result = manage("shell", "--no-imports", "-c", "from django.conf import settings as s; "
                    "print(s.CELERY_BROKER_URL, s.CELERY_TASK_ALWAYS_EAGER, s.CACHES['default']['BACKEND'])",
                    DEBUG="1", REDIS_URL="redis://127.0.0.1:6390/3")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "redis://127.0.0.1:6390/3",
        "False",
        "lms.cache.ResilientRedisCache",
    ]


def test_database_health_checks_stay_on_unless_turned_off():
    script = "from django.conf import settings as s; print(s.DATABASES['default']['CONN_HEALTH_CHECKS'])"
    assert manage("shell", "--no-imports", "-c", script, DEBUG="1").stdout.split() == ["True"]
    off = manage("shell", "--no-imports", "-c", script, DEBUG="1", DB_CONN_HEALTH_CHECKS="0")
    assert off.stdout.split() == ["False"], off.stderr
