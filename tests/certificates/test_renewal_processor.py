"""The renewal processor says which statements it may act on, so the LRS skips it for the others."""

import pytest

ADL = "http://adlnet.gov/expapi/verbs/"


@pytest.mark.parametrize(
    ("verb", "object_id", "cares"),
    [
        ("passed", "{prefix}lesson/12", True),
        ("passed", "{prefix}course/3", True),
        ("experienced", "{prefix}lesson/12", False),
        ("failed", "{prefix}lesson/12", False),
        ("passed", "http://example.com/activities/quiz", False),
    ],
)
def test_renewal_cares_only_about_a_pass_on_the_sites_activities(settings, verb, object_id, cares):
    from certificates.lifecycle import renew_on_passing
    from xapi import processors

    statement = {
        "actor": {"mbox": "mailto:hoa@example.vn"},
        "verb": {"id": ADL + verb},
        "object": {"objectType": "Activity", "id": object_id.format(prefix=f"{settings.SITE_URL}/xapi/activities/")},
    }
    assert processors._cares[renew_on_passing](statement) is cares


def test_renewal_ignores_a_pass_on_something_that_is_not_an_activity(settings):
    from certificates.lifecycle import renew_on_passing
    from xapi import processors

    statement = {
        "actor": {"mbox": "mailto:hoa@example.vn"},
        "verb": {"id": ADL + "passed"},
        "object": {"objectType": "Agent", "mbox": "mailto:lan@example.vn"},
    }
    assert processors._cares[renew_on_passing](statement) is False
