"""The repair categories every school starts with, and how they are seeded.

Categories are rows of ``RepairCategory`` (one table per school, edited in the
admin), not a list in code. Each row stores its name in Chinese *and* in English
(``name_zh``, ``name_en``) and shows the one of the active language; an empty
English name falls back to the Chinese one.

Why stored names rather than a code translated by the message catalogue: gettext
only knows the words that were in the code when the catalogue was compiled. The
nine seeded categories would translate, but a category a school adds itself
("空调", "电梯") would have no catalogue entry and show untranslated, or need a
release. With both names in the row, seeded and school-added categories behave
the same, and a school may rename a seeded one ("水路" → "给排水") without a
translator.
"""

# (code, Chinese name, English name), in the order the filing form lists them.
STANDARD_CATEGORIES = [
    ("water", "水路", "Water"),
    ("electricity", "电路", "Electricity"),
    ("doors_windows", "门窗", "Doors and windows"),
    ("desks_chairs", "桌椅", "Desks and chairs"),
    ("lighting", "照明", "Lighting"),
    ("network_av", "网络与多媒体", "Network and AV"),
    ("walls_floors", "墙面地面", "Walls and floors"),
    ("heating", "供暖", "Heating"),
    ("other", "其他", "Other"),
]
ORDER_STEP = 10


def seed_categories(school_id, Category=None):
    """Give one school the standard categories; codes it already has are kept.

    ``Category`` is the model to write with (a migration passes its historical
    model). Returns {code: pk} of the school's categories.
    """
    if Category is None:
        from .models import RepairCategory as Category
    rows = Category.objects.filter(school_id=school_id).values_list(
        "code", "name_zh", "pk"
    )
    existing = {code: pk for code, _name, pk in rows}
    names = {name for _code, name, _pk in rows}
    missing = [
        Category(
            school_id=school_id,
            code=code,
            name_zh=name_zh,
            name_en=name_en,
            order=(index + 1) * ORDER_STEP,
        )
        for index, (code, name_zh, name_en) in enumerate(STANDARD_CATEGORIES)
        # A school's own category may already carry a standard name.
        if code not in existing and name_zh not in names
    ]
    for category in missing:
        category.save()
        existing[category.code] = category.pk
    return existing
