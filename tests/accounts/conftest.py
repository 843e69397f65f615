"""Fixtures for the accounts tests: a roster in the department (tests/conftest.py), made through agencies'
services."""

import re

import pytest

# A completed course with its certificate, made through the real flow (for the personal-data tests).
from tests.certificates.conftest import catalogue, civil_servant, home, issued, learner, make_course, template  # noqa: F401


@pytest.fixture(autouse=True)
def clean_state(settings):
    """Rate-limit counters live in the cache, SMS in the console sender's outbox: start each test empty."""
    from django.core.cache import cache

    from accounts import sms

    settings.SMS_BACKEND = "accounts.sms.ConsoleSMSSender"
    cache.clear()
    sms.outbox.clear()
    yield
    cache.clear()
    sms.outbox.clear()


@pytest.fixture
def make_staff(department):
    from agencies.models import StaffMember
    from agencies.services import StaffCategory, save_staff_member

    def make(**fields):
        values = {
            "full_name": "Nguyễn Văn An",
            "staff_code": "KHCN-001",
            "email": "",
            "phone": "",
            "category": StaffCategory.CIVIL_SERVANT,
            "position": "Chuyên viên",
            "agency": department,
        } | fields
        return save_staff_member(StaffMember(**values))

    return make


def last_code(phone):
    from accounts import sms

    for to, message in reversed(sms.outbox):
        if to == phone:
            found = re.search(r"\b(\d{6})\b", message)
            if found:
                return found.group(1)
    raise AssertionError(f"no code was sent to {phone}: {sms.outbox}")


SIGNUP = {
    "full_name": "Nguyễn Văn An",
    "password1": "hoc-ky-nang-so-2026",
    "password2": "hoc-ky-nang-so-2026",
    "category": "civil_servant",
    "consent": "on",
}


@pytest.fixture
def signup(client):
    def post(**fields):
        return client.post("/accounts/signup/", SIGNUP | fields)

    return post
