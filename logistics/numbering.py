"""Document numbers: one service for every kind of document of every app.

A number follows the pattern the school chose for that kind of document (a
``PATTERN`` rule declared with ``document=kind``, see logistics/rules.py), e.g.
``BX{year}{seq:06d}`` → ``BX2025000042``. Placeholders: ``{school}`` the school's
code, ``{year}`` and ``{month}`` of the document's date, ``{seq}`` the running
number, and whatever parts the app gives (assets: ``{category}``).

The running number comes from a counter row per school, kind and prefix (the
pattern with its running number left out, ``BX2025#``), locked while a number
is taken, so two people filing at once never get the same number and a number
once handed out is never handed out again. The caller says which numbers are
already taken (typed in by hand, imported); those are skipped.
"""

import re
import string

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .registry import registry

CORE_PARTS = ("school", "year", "month", "seq")
NUMERIC_PARTS = frozenset({"year", "month", "seq"})
SEQ_RE = re.compile(r"\{seq(:[^}]*)?\}")
# A number's format: optional zero padding and a width ("06d", "4", "d").
NUMERIC_SPEC_RE = re.compile(r"0?[1-9]?\d?d?")
KEY_LENGTH = 60


# -- patterns ----------------------------------------------------------------------


def pattern_rule(kind):
    """The rule that holds the number pattern of ``kind`` of document."""
    for rule in registry.rules.values():
        if rule.document == kind:
            return rule
    raise LookupError(f"No number pattern is declared for documents of kind {kind!r}.")


def number_pattern(*, school, kind):
    from .rules import rule_value

    return rule_value(school, pattern_rule(kind).key)


def _fields(pattern):
    """(literal, name, spec, conversion) of each piece; ValueError if malformed."""
    return list(string.Formatter().parse(pattern))


def validate_number_pattern(pattern, *, parts=None, max_length=30, school_code=""):
    """ValidationError unless ``pattern`` makes numbers: {seq} in it once, only
    known placeholders, plain formats, and numbers of at most ``max_length``."""
    from django.core.exceptions import ValidationError

    allowed = {*CORE_PARTS, *(parts or {})}
    known = listed_placeholders(allowed)
    try:
        pieces = _fields(pattern)
    except ValueError as error:
        raise ValidationError(
            _("Braces must come in pairs around a placeholder such as {seq}."),
            "malformed",
        ) from error
    names = [name for _literal, name, _spec, _conv in pieces if name is not None]
    for _literal, name, spec, conversion in pieces:
        if name is None:
            continue
        if name not in allowed:
            raise ValidationError(
                _("Unknown placeholder {%(name)s}: use %(known)s.")
                % {"name": name, "known": known},
                "unknown_placeholder",
            )
        numeric_spec = name in NUMERIC_PARTS and NUMERIC_SPEC_RE.fullmatch(spec)
        if conversion or (spec and not numeric_spec):
            raise ValidationError(
                _(
                    "{%(name)s} cannot be written that way: only numbers take a "
                    "width, as in {seq:05d}."
                )
                % {"name": name},
                "bad_format",
            )
    if names.count("seq") != 1:
        raise ValidationError(
            _(
                "The pattern must contain the running number {seq} once, e.g. {seq:05d}."
            ),
            "no_seq",
        )
    sample = {
        "school": school_code or "SCHOOL",
        "year": 2099,
        "month": 12,
        "seq": 99999,
        **(parts or {}),
    }
    number = pattern.format(**sample)
    if len(number) > max_length:
        raise ValidationError(
            _("Numbers would be too long (%(number)s): at most %(count)d characters.")
            % {"number": number, "count": max_length},
            "too_long",
        )


def listed_placeholders(names):
    from .text import listed

    order = {name: n for n, name in enumerate(CORE_PARTS)}
    return listed(
        "{" + name + "}" for name in sorted(names, key=lambda n: (order.get(n, 9), n))
    )


def number_parts(*, school, at=None, parts=None):
    """The values of a pattern's placeholders (all but {seq}) for one document."""
    at = at or timezone.now()
    if hasattr(at, "tzinfo") and timezone.is_aware(at):
        at = timezone.localtime(at)
    return {"school": school.code, "year": at.year, "month": at.month, **(parts or {})}


def counter_key(pattern, parts):
    """The counter a number belongs to: the pattern with its running number left out."""
    return SEQ_RE.sub("#", pattern).format(**parts)[:KEY_LENGTH]


# -- taking numbers --------------------------------------------------------------------


def _locked_counter(school_id, kind, key):
    from .models import DocumentCounter

    lookup = {"school_id": school_id, "kind": kind, "key": key}
    counter = DocumentCounter.objects.select_for_update().filter(**lookup).first()
    if counter is None:
        try:
            with transaction.atomic():
                DocumentCounter.objects.create(**lookup)
        except IntegrityError:
            pass  # made by someone else at the same moment
        counter = DocumentCounter.objects.select_for_update().get(**lookup)
    return counter


def document_numbers_next(*, school, kind, count, at=None, parts=None, taken=None):
    """Take ``count`` new numbers for documents of ``kind`` of ``school``, in order.

    ``at`` (a date or datetime, default now) gives {year} and {month}; ``parts``
    the app's own placeholders (and may override {year}); ``taken(numbers)``
    returns those of ``numbers`` already in use, which are skipped. The counter
    stays locked until the caller's transaction ends, so the caller saves its
    documents before anyone else takes the next number.
    """
    pattern = number_pattern(school=school, kind=kind)
    values = number_parts(school=school, at=at, parts=parts)
    key = counter_key(pattern, values)
    from .models import DocumentCounter

    # The caller's transaction, or one of our own; no savepoint: nothing to undo.
    with transaction.atomic(savepoint=False):
        counter = _locked_counter(school.pk, kind, key)
        numbers, seq = [], counter.last
        while len(numbers) < count:
            wanted = count - len(numbers)
            batch = [pattern.format(**values, seq=seq + i + 1) for i in range(wanted)]
            seq += wanted
            used = set(taken(batch)) if taken is not None else set()
            numbers.extend(number for number in batch if number not in used)
        DocumentCounter.objects.filter(pk=counter.pk).update(last=seq)
    return numbers


def document_number_next(*, school, kind, at=None, parts=None, taken=None):
    """The next number for one document of ``kind`` (see ``document_numbers_next``)."""
    return document_numbers_next(
        school=school, kind=kind, count=1, at=at, parts=parts, taken=taken
    )[0]


# -- reading numbers back (imports) ---------------------------------------------------


def _pattern_regex(pattern, school_code):
    """A regular expression that reads the parts back out of a number the pattern made."""
    pieces, seen = [], set()
    for literal, name, _spec, _conversion in _fields(pattern):
        pieces.append(re.escape(literal))
        if name is None:
            continue
        if name in seen:
            pieces.append(f"(?P={name})")
            continue
        seen.add(name)
        if name == "school":
            pieces.append(f"(?P<school>{re.escape(school_code)})")
        elif name in NUMERIC_PARTS:
            pieces.append(f"(?P<{name}>\\d+)")
        else:
            pieces.append(f"(?P<{name}>.+?)")
    return re.compile("".join(pieces))


def number_read(number, *, pattern, school_code):
    """(counter key, running number) of a number ``pattern`` could have made, or None."""
    match = _pattern_regex(pattern, school_code).fullmatch(number or "")
    if match is None:
        return None
    found = match.groupdict()
    if "seq" not in found:
        return None
    parts = {
        name: int(value) if name in NUMERIC_PARTS else value
        for name, value in found.items()
    }
    parts.setdefault("school", school_code)
    seq = parts.pop("seq")
    try:
        if pattern.format(seq=seq, **parts) != number:
            return None  # e.g. "0042" where the pattern writes "00042"
        return counter_key(pattern, parts), seq
    except (KeyError, IndexError, ValueError):
        return None


def counters_lock(*, school_id, kind, keys):
    """Lock these counters of the school, in key order (inside a transaction).

    An import holds them while it checks and writes its numbers, so a number
    taken at the same moment waits and then starts past the imported ones.
    """
    from .models import DocumentCounter

    keys = sorted(set(keys))
    for key in keys:
        DocumentCounter.objects.get_or_create(school_id=school_id, kind=kind, key=key)
    return list(
        DocumentCounter.objects.select_for_update()
        .filter(school_id=school_id, kind=kind, key__in=keys)
        .order_by("key")
    )


def counters_advance(*, school_id, kind, highest):
    """Move each counter (key → highest running number used) past the numbers used,
    so none of them is handed out again; a counter already further stays."""
    from .models import DocumentCounter

    for key, seq in sorted(highest.items()):
        DocumentCounter.objects.get_or_create(school_id=school_id, kind=kind, key=key)
        DocumentCounter.objects.filter(
            school_id=school_id, kind=kind, key=key, last__lt=seq
        ).update(last=seq)
