"""Fill a .po catalogue from a Python dict of translations: fill_po.py CATALOGUE TRANSLATIONS.py

Keeps existing translations, clears fuzzy flags of entries it fills, and lists what
is still untranslated so nothing ships half done.
"""

import runpy
import sys

import polib


def main(po_path, table_path):
    table = runpy.run_path(table_path)
    singular, plural = table.get("T", {}), table.get("PLURALS", {})
    catalogue = polib.pofile(po_path)
    for entry in catalogue:
        if entry.msgid_plural and entry.msgid in plural:
            entry.msgstr_plural = {0: plural[entry.msgid]}
        elif not entry.msgid_plural and entry.msgid in singular:
            entry.msgstr = singular[entry.msgid]
        else:
            continue
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
    catalogue.save(po_path)
    missing = [
        e.msgid for e in catalogue.untranslated_entries() + catalogue.fuzzy_entries()
    ]
    for msgid in missing:
        print("untranslated:", repr(msgid))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
