"""The demo school's year of repair history (filled in below)."""


def seed_repairs(school, *, scale=0, stdout=None):
    """Believable repair history for the demo school; idempotent."""
    return None
