"""The Wagtail admin speaks Vietnamese.

Wagtail ships only a small share of its admin strings in Vietnamese; `locale-thirdparty/` completes the
catalogues of the apps trainers and moderators use. Every msgid of Wagtail's English source catalogue
must have a Vietnamese translation the site can serve, with the same placeholders (a broken placeholder
crashes the page that shows the string), and the admin's JavaScript catalogue must serve them too.
"""

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import polib
import pytest
import wagtail
from django.apps import apps
from django.utils import translation
from django.utils.translation.trans_real import DjangoTranslation

from tests.conftest import ROOT

WAGTAIL = Path(wagtail.__file__).resolve().parent
CATALOGUES = ROOT / "locale-thirdparty" / "vi" / "LC_MESSAGES"
COVERAGE = 0.98
FIRST_WAGTAIL_MSGID = "Publish"  # where the Wagtail entries start in django.po, after allauth's

# (label, folder of the app inside the wagtail package, gettext domain)
SOURCES = [
    ("wagtail.admin", "admin", "django"),
    ("wagtail.admin-js", "admin", "djangojs"),
    ("wagtail", "", "django"),
    ("wagtail.users", "users", "django"),
    ("wagtail.images", "images", "django"),
    ("wagtail.documents", "documents", "django"),
    ("wagtail.snippets", "snippets", "django"),
    ("wagtail.embeds", "embeds", "django"),
]


def source_entries(folder, domain):
    path = WAGTAIL / folder / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
    return [entry for entry in polib.pofile(str(path)) if not entry.obsolete]


def translated(entry):
    if entry.obsolete or "fuzzy" in entry.flags:
        return ""
    if entry.msgid_plural:
        return entry.msgstr_plural.get(0, "")
    return entry.msgstr


def site_catalogue(domain):
    """What the site serves in Vietnamese: Django's merged catalogue (LOCALE_PATHS first, then the apps').

    The djangojs catalogue is built as the admin's jsi18n view builds it, from wagtail.admin's catalogue
    and LOCALE_PATHS.
    """
    localedirs = [str(WAGTAIL / "admin" / "locale")] if domain == "djangojs" else None
    merged = DjangoTranslation("vi", domain=domain, localedirs=localedirs)._catalog
    return {key for key, msgstr in merged.items() if msgstr.strip()}


def served(catalogue, entry):
    msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
    return (msgid, 0) in catalogue if entry.msgid_plural else msgid in catalogue


@pytest.mark.parametrize(("folder", "domain"), [(f, d) for _label, f, d in SOURCES], ids=[s[0] for s in SOURCES])
def test_wagtail_catalogue_is_translated(folder, domain):
    catalogue = site_catalogue(domain)
    entries = source_entries(folder, domain)
    missing = [entry.msgid for entry in entries if not served(catalogue, entry)]
    coverage = 1 - len(missing) / len(entries)
    assert coverage >= COVERAGE, f"{coverage:.1%} translated; missing: {missing[:20]}"


def test_the_project_keeps_its_own_words():
    """The Wagtail entries here do not change a msgid the project's apps translate themselves.

    LOCALE_PATHS win over every app's catalogue, so an entry here with other words would change the
    project's wording site-wide; where the project's apps translate a msgid, the entry here (if any)
    says what the first of those apps in INSTALLED_APPS says, as Django would have it without this file.
    django-allauth's entries come first in the file and are not concerned.
    """
    ours = polib.pofile(str(CATALOGUES / "django.po"))
    start = [entry.msgid for entry in ours].index(FIRST_WAGTAIL_MSGID)
    wagtail_entries = {(e.msgctxt, e.msgid): translated(e) for e in list(ours)[start:]}
    project = {}
    for app in reversed(list(apps.get_app_configs())):
        path = Path(app.path) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
        # The project's own apps only: the virtualenv may live inside the checkout (it does in CI).
        if ROOT in path.parents and "site-packages" not in path.parts and path.exists():
            project.update({(e.msgctxt, e.msgid): translated(e) for e in polib.pofile(str(path)) if translated(e)})
    changed = [(key[1], project[key], mine) for key, mine in wagtail_entries.items() if project.get(key, mine) != mine]
    assert changed == []


PLACEHOLDER = re.compile(
    r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]"  # %(name)s
    r"|%[-#0 +]*\d*(?:\.\d+)?[sdifr]"  # %s, %d
    r"|\{[A-Za-z_][A-Za-z0-9_]*\}|\{\}"  # {name}, {}
    r"|\{\{.*?\}\}"  # {{ name }}
    r"|</?[A-Za-z][^>]*>"  # HTML tags, attributes included
)


def placeholders(text):
    return Counter(PLACEHOLDER.findall(text.replace("%%", "")))


def po_files():
    return sorted(CATALOGUES.glob("*.po"))


@pytest.mark.parametrize("path", po_files(), ids=lambda p: p.name)
def test_placeholders_match(path):
    po = polib.pofile(str(path))
    broken = []
    for entry in po:
        if entry.obsolete or not translated(entry):
            continue
        # Vietnamese has one plural form: msgstr[0] serves every count, so it follows the plural msgid.
        expected = placeholders(entry.msgid_plural or entry.msgid)
        got = placeholders(translated(entry))
        if entry.msgid_plural:
            # A plural msgstr may leave out what only the singular names (the count, say) but never adds.
            allowed = placeholders(entry.msgid) | expected
            if got - allowed or set(expected) - set(got) - {p for p in expected if p.startswith("%(")}:
                broken.append((entry.msgid, translated(entry)))
        elif got != expected:
            broken.append((entry.msgid, translated(entry)))
    assert broken == []


@pytest.mark.parametrize("path", po_files(), ids=lambda p: p.name)
def test_catalogue_header(path):
    po = polib.pofile(str(path))
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert po.metadata["Language"] == "vi"
    assert not po.fuzzy_entries()
    assert path.with_suffix(".mo").exists()
    assert [e.msgid for e in po if translated(e) != unicodedata.normalize("NFC", translated(e))] == []


def test_no_msgid_twice():
    for path in po_files():
        keys = [(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(path)) if not entry.obsolete]
        assert [key for key, count in Counter(keys).items() if count > 1] == [], path.name


def test_the_trainers_words_at_runtime():
    with translation.override("vi"):
        assert translation.gettext("Save draft") == "Lưu bản nháp"
        assert translation.gettext("Images") == "Hình ảnh"
        assert translation.gettext("Documents") == "Tài liệu"
        assert translation.gettext("Help") == "Trợ giúp"
        assert translation.gettext("Snippets") == "Thành phần nội dung"
        assert translation.gettext("Autosave is paused") == "Tự động lưu đang tạm dừng"
        assert translation.gettext("title tag") == "thẻ tiêu đề"
        assert translation.gettext("meta description") == "mô tả meta"
        assert translation.gettext("go live date/time") == "ngày giờ bắt đầu hiển thị"
        assert translation.gettext("expiry date/time") == "ngày giờ hết hạn"
        assert translation.gettext("%(label)s and Publish") % {"label": "Phê duyệt"} == "Phê duyệt và xuất bản"
        assert translation.gettext("Page '%(page_title)s' created.") % {"page_title": "Bài 1"} == (
            "Đã tạo trang 'Bài 1'."
        )
        assert translation.gettext("The page could not be saved due to validation errors.") == (
            "Không thể lưu trang do có lỗi dữ liệu."
        )
        assert translation.ngettext("Publish 1 page", "Publish %(counter)s pages", 3) % {"counter": 3} == (
            "Xuất bản 3 trang"
        )
        # Wagtail's lock message is a str.format template.
        message = translation.gettext("<b>'{title}' was locked</b> by <b>{user}</b> on <b>{datetime}</b>.")
        assert message.format(title="Bài 1", user="An", datetime="01/12/2026") == (
            "<b>'Bài 1' đã bị khóa</b> bởi <b>An</b> lúc <b>01/12/2026</b>."
        )
        # allauth keeps its own wording.
        assert translation.gettext("This account is currently inactive.") == "Tài khoản này hiện không hoạt động."


def test_the_admin_javascript_catalogue_serves_the_project_translations(client):
    """Wagtail's jsi18n view reads wagtail.admin's catalogue and, over it, the project's LOCALE_PATHS."""
    response = client.get("/admin/jsi18n/")
    assert response.status_code == 200
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.S).group(1))
    assert catalogue["Changes have been autosaved."] == "Các thay đổi đã được tự động lưu."
    assert catalogue["Autosave in progress…"] == "Đang tự động lưu…"
    assert catalogue["Dashboard"] == "Bảng điều khiển"  # Wagtail's own: "Trang tổng quan"
    assert catalogue["%(num)s error"] == ["%(num)s lỗi"]
    words = [msgid for msgid in catalogue if re.search(r"[A-Za-z]{2}", PLACEHOLDER.sub("", msgid))]
    english = [msgid for msgid in words if catalogue[msgid] in ("", msgid, [msgid])]
    assert english == []
    covered = {(e.msgctxt, e.msgid) for e in source_entries("admin", "djangojs")} & {(None, m) for m in catalogue}
    assert len(covered) >= COVERAGE * len(source_entries("admin", "djangojs"))
