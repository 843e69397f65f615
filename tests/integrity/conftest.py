"""The integrity tests reuse the catalogue, learners and certificate template of the other suites."""

import pytest

from tests.accounts.conftest import clean_state, make_staff, signup  # noqa: F401
from tests.certificates.conftest import (  # noqa: F401
    catalogue,
    civil_servant,
    home,
    learner,
    make_course,
    make_learner,
    template,
)
from tests.courses.conftest import lessons_of, tool_lrs  # noqa: F401


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks, eager_celery):
    """Run what requests defer to commit (the certificate task, eagerly) as a real request would."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


@pytest.fixture
def cs_course(make_course, template):  # noqa: F811
    """A civil-servants-only course with two lessons and a final quiz (pass mark 75%)."""
    course = make_course(title="Kỹ năng số cơ bản", audience="civil_servants")
    return course, lessons_of(course)
