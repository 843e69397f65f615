"""The Vietnamese catalogue is complete, compiled, and holds every string the code marks."""

import shutil
import subprocess
import sys

import polib
import pytest

from tests.conftest import ROOT, missing

CATALOGUES = [
    ROOT / "locale/vi/LC_MESSAGES/django.po",
    ROOT / "locale-thirdparty/vi/LC_MESSAGES/django.po",
]


def live_entries(po):
    return [entry for entry in po if not entry.obsolete]


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parent.parent.parent.parent.name)
def test_catalogue_is_fully_translated(path):
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in live_entries(po) if not e.translated()]
    assert untranslated == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parent.parent.parent.parent.name)
def test_compiled_catalogue_matches_source(path):
    po = polib.pofile(str(path))
    mo = polib.mofile(str(path.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr or e.msgstr_plural) for e in mo}
    for entry in live_entries(po):
        key = (entry.msgctxt, entry.msgid)
        assert key in compiled, f"not compiled: {entry.msgid!r} (run `make messages`)"
        assert compiled[key] == (entry.msgstr or entry.msgstr_plural), entry.msgid


def test_every_marked_string_is_in_the_catalogue(tmp_path):
    """Run makemessages on a copy of the catalogue: it must find nothing new."""
    if not shutil.which("xgettext"):
        missing("GNU gettext is not installed (apt-get install gettext)")
    source = CATALOGUES[0]
    backup = tmp_path / "django.po"
    shutil.copy2(source, backup)
    try:
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", "-l", "vi", "--ignore=.venv", "--ignore=tests",
             "--ignore=bench", "--ignore=locale-thirdparty"],
            cwd=ROOT, check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        refreshed = polib.pofile(str(source))
    finally:
        shutil.copy2(backup, source)
    known = {(e.msgctxt, e.msgid) for e in live_entries(polib.pofile(str(backup)))}
    new = [e.msgid for e in live_entries(refreshed) if (e.msgctxt, e.msgid) not in known]
    assert new == [], "strings missing from locale/vi (run `make messages` and translate them)"
