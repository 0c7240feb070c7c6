"""The classes of goods every school's warehouse starts with (仓库分类管理).

A tree of ``ItemCategory`` rows per school, edited in the admin; names are data
(in the school's language), not strings of the code.
"""

# (code, name, parent code or "")
STANDARD_CATEGORIES = [
    ("01", "办公用品", ""),
    ("0101", "纸张", "01"),
    ("0102", "书写用品", "01"),
    ("0103", "文件管理", "01"),
    ("02", "教学用品", ""),
    ("0201", "作业本", "02"),
    ("0202", "粉笔与板擦", "02"),
    ("03", "清洁用品", ""),
    ("04", "维修材料", ""),
    ("0401", "电工材料", "04"),
    ("0402", "水暖材料", "04"),
    ("0403", "五金工具", "04"),
    ("05", "体育卫生用品", ""),
    ("06", "实验耗材", ""),
    ("07", "印刷用纸与耗材", ""),
]


def seed_categories(school_id, Category=None):
    """Give one school the standard tree; codes it already has are kept.
    Returns {code: pk}."""
    if Category is None:
        from .models import ItemCategory as Category
    existing = dict(
        Category.objects.filter(school_id=school_id).values_list("code", "pk")
    )
    for code, name, parent in STANDARD_CATEGORIES:
        if code in existing:
            continue
        category = Category.objects.create(
            school_id=school_id, code=code, name=name, parent_id=existing.get(parent)
        )
        existing[code] = category.pk
    return existing
