"""Django merges every catalogue into one, so a bare msgid must mean the same everywhere.

For a msgid without context the core catalogue wins, then the apps in INSTALLED_APPS
order; a second translation in a later app's catalogue is never shown, and its app's
pages show the winner's words instead. A word that means something else in one app
takes a pgettext context there (e.g. "requisition", "stock", "checklist", "plant").
"""

from collections import defaultdict
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]


def _catalogues():
    paths = sorted(ROOT.glob("*/locale/zh_Hans/LC_MESSAGES/django.po"))
    return [ROOT / "locale/zh_Hans/LC_MESSAGES/django.po", *paths]


def test_no_word_is_translated_two_ways_across_the_apps():
    seen = defaultdict(dict)
    for path in _catalogues():
        name = path.relative_to(ROOT).parts[0]
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not entry.msgstr or entry.msgctxt:
                continue
            seen[entry.msgid][name] = entry.msgstr
    conflicts = {
        msgid: by_app for msgid, by_app in seen.items() if len(set(by_app.values())) > 1
    }
    assert not conflicts, (
        "the same msgid is translated two ways; the first catalogue wins and the other "
        f"app shows the winner's words (use a pgettext context there): {conflicts}"
    )
