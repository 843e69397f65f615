"""Keep the Vietnamese Wagtail admin complete after a Wagtail (or Django) upgrade.

`vi/LC_MESSAGES/django.po` translates django-allauth first, then the Wagtail apps below; `djangojs.po`
translates the admin's JavaScript strings. Both are read before the apps' own catalogues (LOCALE_PATHS),
so they replace Wagtail's partial Vietnamese. A new Wagtail release brings new msgids:

    python locale-thirdparty/update_wagtail.py missing todo.json
        writes every msgid of the English source catalogues that has no Vietnamese here yet, as
        [{"domain", "msgctxt", "msgid", "msgid_plural", "msgstr"}] with Wagtail's own Vietnamese (if any)
        in "msgstr" as a starting point; review and fill in every "msgstr".
    python locale-thirdparty/update_wagtail.py merge todo.json
        appends the filled-in entries to the catalogues; then run `make messages` (or
        `python manage.py compilemessages --ignore=.venv`) and tests/test_admin_vietnamese.py.

Vietnamese has one plural form: a plural entry's msgstr follows the plural msgid.
"""

import json
import re
import sys
import unicodedata
from pathlib import Path

import polib
import wagtail

HERE = Path(__file__).resolve().parent / "vi" / "LC_MESSAGES"
WAGTAIL = Path(wagtail.__file__).resolve().parent
SOURCES = {
    "django": ["admin", "", "users", "images", "documents", "snippets", "embeds", "contrib/forms",
               "contrib/redirects", "contrib/settings", "sites", "search"],
    "djangojs": ["admin"],
}  # fmt: skip
PYTHON_FORMAT = re.compile(r"%(\(\w+\))?[sd]")


def known(domain):
    path = HERE / f"{domain}.po"
    if not path.exists():
        return set()
    return {(e.msgctxt, e.msgid) for e in polib.pofile(str(path)) if e.translated() and not e.obsolete}


def missing(target):
    todo = []
    for domain, apps in SOURCES.items():
        have = known(domain)
        for app in apps:
            base = WAGTAIL / app / "locale"
            english = base / "en" / "LC_MESSAGES" / f"{domain}.po"
            if not english.exists():
                continue
            shipped = base / "vi" / "LC_MESSAGES" / f"{domain}.po"
            theirs = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(shipped))} if shipped.exists() else {}
            for entry in polib.pofile(str(english)):
                key = (entry.msgctxt, entry.msgid)
                if entry.obsolete or key in have:
                    continue
                have.add(key)
                old = theirs.get(key)
                suggestion = ""
                if old is not None and old.translated():
                    suggestion = old.msgstr_plural.get(0, "") if entry.msgid_plural else old.msgstr
                todo.append(
                    {"domain": domain, "msgctxt": entry.msgctxt, "msgid": entry.msgid,
                     "msgid_plural": entry.msgid_plural or None, "msgstr": suggestion}
                )  # fmt: skip
    Path(target).write_text(json.dumps(todo, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(todo)} msgids to translate in {target}")


def merge(source):
    entries = json.loads(Path(source).read_text(encoding="utf-8"))
    for domain in SOURCES:
        path = HERE / f"{domain}.po"
        have = known(domain)
        new = []
        for item in entries:
            if item["domain"] != domain or not item["msgstr"].strip() or (item["msgctxt"], item["msgid"]) in have:
                continue
            msgstr = unicodedata.normalize("NFC", item["msgstr"])
            entry = polib.POEntry(msgctxt=item["msgctxt"], msgid=item["msgid"])
            if item["msgid_plural"]:
                entry.msgid_plural, entry.msgstr_plural = item["msgid_plural"], {0: msgstr}
            else:
                entry.msgstr = msgstr
            if PYTHON_FORMAT.search(item["msgid"]):
                entry.flags.append("python-format")
            new.append(entry.__unicode__(wrapwidth=0))
        if new:
            # Appended as text: the entries already there (allauth's among them) stay byte for byte.
            with path.open("a", encoding="utf-8") as catalogue:
                catalogue.write("\n" + "\n".join(new))
        print(f"{domain}.po: {len(new)} entries added")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in {"missing", "merge"}:
        sys.exit(__doc__)
    {"missing": missing, "merge": merge}[sys.argv[1]](sys.argv[2])
