"""Small pieces of wording every app shares."""

from django.utils.translation import pgettext


def listed(items):
    """Items in a sentence: 在用、闲置 in Chinese, "in use, idle" in English."""
    return pgettext("list separator", ", ").join(str(item) for item in items)
