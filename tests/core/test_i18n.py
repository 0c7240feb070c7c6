"""Both catalogues are complete: every Chinese msgstr filled, nothing fuzzy, all compiled."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))
CATALOGUES = [p for p in CATALOGUES if ".venv" not in p.parts]


def test_there_is_a_project_catalogue():
    assert ROOT / "locale/zh_Hans/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete_and_compiled(path):
    catalogue = polib.pofile(str(path))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated in {path}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy in {path}: {fuzzy[:10]}"
    compiled = path.with_suffix(".mo")
    assert compiled.exists(), f"{compiled} missing: run compilemessages"
    mo = polib.mofile(str(compiled))
    assert {e.msgid for e in mo} >= {e.msgid for e in catalogue.translated_entries()}, (
        f"{compiled} is older than {path}: run compilemessages"
    )


@pytest.mark.parametrize(
    "language, words",
    [("en", "PDF, OFD, an office document or a photo"), ("zh-hans", "不超过")],
)
def test_a_minutes_field_made_with_its_form_class_speaks_the_page_language(
    language, words
):
    """The purchase's attachment field is made once, when the form class is
    defined; its help is read when a page shows it, in that page's language."""
    from django.utils import translation

    from procurement.forms import AttachmentForm

    with translation.override(language):
        assert words in str(AttachmentForm().fields["file"].help_text)
