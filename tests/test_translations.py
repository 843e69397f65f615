"""The Vietnamese catalogues are complete, compiled, and hold every string the code marks.

Each app keeps its own catalogue in `APP/locale/`; the site's templates and `lms` use `locale/`;
`locale-thirdparty/` translates allauth, which ships no Vietnamese.
"""

import shutil
import subprocess
import sys

import polib
import pytest

from tests.conftest import ROOT, missing

SKIP_DIRS = {".venv", ".git", "media", "staticfiles", "test-results", "node_modules", ".pytest_cache"}


def catalogues(root=ROOT):
    return sorted(
        path
        for path in root.glob("**/locale*/vi/LC_MESSAGES/django.po")
        if not SKIP_DIRS.intersection(path.relative_to(root).parts)
    )


def live_entries(po):
    return [entry for entry in po if not entry.obsolete]


def label(path):
    return str(path.relative_to(ROOT).parent.parent.parent)


def test_every_app_has_its_catalogue():
    names = {label(path) for path in catalogues()}
    assert {"locale", "locale-thirdparty", "accounts/locale", "xapi/locale", "agencies/locale"} <= names


@pytest.mark.parametrize("path", catalogues(), ids=label)
def test_catalogue_is_fully_translated(path):
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in live_entries(po) if not e.translated()]
    assert untranslated == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


@pytest.mark.parametrize("path", catalogues(), ids=label)
def test_compiled_catalogue_matches_source(path):
    po = polib.pofile(str(path))
    mo = polib.mofile(str(path.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr or e.msgstr_plural) for e in mo}
    for entry in live_entries(po):
        key = (entry.msgctxt, entry.msgid)
        assert key in compiled, f"not compiled: {entry.msgid!r} (run `make messages`)"
        assert compiled[key] == (entry.msgstr or entry.msgstr_plural), entry.msgid


def test_every_marked_string_is_in_a_catalogue(tmp_path):
    """makemessages over a copy of the sources must find nothing that is not already translated."""
    if not shutil.which("xgettext"):
        missing("GNU gettext is not installed (apt-get install gettext)")
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT, copy, ignore=shutil.ignore_patterns(*SKIP_DIRS, "tests", "bench", "*.pyc", "*.sqlite3", "*.mo")
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-obsolete",
         "--ignore=locale-thirdparty"],
        cwd=copy, check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    new = []
    for refreshed_path in catalogues(copy):
        original = ROOT / refreshed_path.relative_to(copy)
        known = set()
        if original.exists():
            known = {(e.msgctxt, e.msgid) for e in live_entries(polib.pofile(str(original))) if e.translated()}
        refreshed = polib.pofile(str(refreshed_path))
        where = str(refreshed_path.relative_to(copy))
        new += [f"{where}: {e.msgid}" for e in live_entries(refreshed) if (e.msgctxt, e.msgid) not in known]
    assert new == [], "marked strings without a translation (run `make messages` and translate them)"


def test_one_translation_per_string_across_the_project():
    """Django merges every app's catalogue into one per language: where two apps translate the same string
    (and context) differently, one of them silently shows the other's words (a lesson's "Previous" read
    "Previous page"). The same words mean one thing, or carry a context that tells them apart."""
    project = [path for path in catalogues() if not label(path).startswith("locale-thirdparty")]
    seen = {}
    for path in project:
        for entry in live_entries(polib.pofile(str(path))):
            translation = entry.msgstr or entry.msgstr_plural.get(0, "")
            seen.setdefault((entry.msgctxt or "", entry.msgid), {})[label(path)] = translation
    clashes = {key: found for key, found in seen.items() if len(set(found.values())) > 1}
    assert clashes == {}
