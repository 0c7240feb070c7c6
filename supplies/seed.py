"""The demo school's warehouse: a catalogue of about 300 items, a year of receipts
and issues, a start-of-term distribution to every class, requisitions and two years
of print jobs whose paper use falls this year; with ``--scale N``, N/20 more items
and about 10·N more movements for benchmarks.

History is written with ``bulk_create``, on-hand quantities and values computed in
Python exactly as the ledger computes them, so the items agree with their
movements; nothing is dated in the future. Running it twice adds nothing.
"""

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from logistics.models import Department, Location, SchoolClass
from logistics.numbering import document_numbers_next
from logistics.workflow import past_entries_save, past_entry

from .categories import seed_categories
from .choices import MovementKind, PrintStatus
from .models import Item, ItemCategory, PrintJob, StockMovement

CENT = Decimal("0.01")
# category code -> [(name, [specifications], unit, unit cost, divisible, reorder)]
CATALOGUE = {
    "0101": [
        (
            "复印纸",
            ["A4 70g", "A4 80g", "A3 70g", "A3 80g", "B5 70g", "B4 70g"],
            "包",
            "24.00",
            False,
            20,
        ),
        (
            "便签纸",
            ["76×76mm 黄", "76×76mm 粉", "76×127mm", "51×76mm"],
            "本",
            "2.50",
            False,
            30,
        ),
        (
            "信封",
            ["5号 白", "6号 白", "9号 牛皮", "A4 牛皮档案袋"],
            "个",
            "0.40",
            False,
            200,
        ),
        ("打印纸", ["二联 241-2", "三联 241-3"], "箱", "150.00", False, 2),
    ],
    "0102": [
        (
            "中性笔",
            ["0.5mm 黑", "0.5mm 红", "0.5mm 蓝", "0.38mm 黑"],
            "支",
            "1.50",
            False,
            100,
        ),
        ("中性笔芯", ["0.5mm 黑", "0.5mm 红"], "支", "0.60", False, 200),
        ("白板笔", ["黑", "红", "蓝"], "支", "2.80", False, 50),
        ("记号笔", ["黑 粗头", "黑 细头"], "支", "2.20", False, 30),
        ("铅笔", ["HB", "2B"], "支", "0.50", False, 100),
        ("橡皮", ["4B 大号"], "块", "1.00", False, 50),
        ("修正带", ["5mm×6m"], "个", "3.50", False, 30),
        ("荧光笔", ["黄", "绿", "粉"], "支", "2.00", False, 30),
    ],
    "0103": [
        ("文件夹", ["A4 单夹", "A4 双夹"], "个", "6.50", False, 30),
        ("档案盒", ["A4 35mm", "A4 55mm"], "个", "5.00", False, 50),
        ("订书机", ["12号"], "个", "18.00", False, 5),
        ("订书钉", ["12号 24/6"], "盒", "1.50", False, 50),
        ("长尾夹", ["15mm", "25mm", "32mm", "41mm"], "盒", "4.50", False, 20),
        ("回形针", ["29mm"], "盒", "2.00", False, 20),
        ("胶水", ["液体 50ml"], "瓶", "2.50", False, 20),
        ("透明胶带", ["18mm", "48mm 封箱"], "卷", "2.00", False, 50),
    ],
    "0201": [
        (
            "作业本",
            ["16K 语文", "16K 数学", "16K 英语", "32K 练习", "16K 作文"],
            "本",
            "0.80",
            False,
            1000,
        ),
        ("试卷袋", ["A3 牛皮"], "个", "0.60", False, 300),
    ],
    "0202": [
        ("粉笔", ["无尘 白", "无尘 彩"], "盒", "4.50", False, 100),
        ("板擦", ["海绵"], "个", "3.00", False, 30),
        ("教学三角板", ["50cm 木制"], "套", "28.00", False, 3),
    ],
    "03": [
        ("扫帚", ["塑料 大号", "竹制"], "把", "12.00", False, 40),
        ("拖把", ["棉线", "平板"], "把", "18.00", False, 40),
        ("垃圾袋", ["45×50 黑", "60×80 黑", "90×100 黑"], "卷", "4.00", False, 100),
        ("洗手液", ["500ml", "5L 桶装"], "瓶", "9.00", False, 30),
        ("消毒液", ["84 500ml", "84 5L"], "瓶", "6.00", False, 20),
        ("抹布", ["超细纤维"], "条", "2.00", False, 100),
        ("垃圾桶", ["30L 带盖"], "个", "25.00", False, 10),
        ("卫生纸", ["大卷 600g"], "卷", "6.50", False, 100),
        ("簸箕", ["塑料"], "个", "6.00", False, 30),
    ],
    "0401": [
        ("LED灯管", ["T8 1.2米 18W", "T8 0.6米 9W"], "根", "18.50", False, 30),
        ("灯管启辉器", ["通用"], "个", "1.50", False, 30),
        ("插座面板", ["五孔", "三孔 16A"], "个", "12.00", False, 20),
        ("开关面板", ["单开", "双开"], "个", "9.00", False, 20),
        ("电线", ["BV 1.5平方", "BV 2.5平方", "BV 4平方"], "米", "2.80", True, 100),
        ("绝缘胶布", ["黑 18mm"], "卷", "2.00", False, 20),
        ("吸顶灯", ["LED 24W 圆形"], "个", "45.00", False, 5),
    ],
    "0402": [
        ("水龙头", ["铜 4分", "感应式"], "个", "45.00", False, 10),
        ("生料带", ["20m"], "卷", "1.00", False, 30),
        ("软管", ["不锈钢 40cm", "不锈钢 60cm"], "根", "12.00", False, 20),
        ("角阀", ["4分"], "个", "15.00", False, 10),
        ("PPR水管", ["20mm", "25mm"], "米", "6.00", True, 30),
    ],
    "0403": [
        ("门锁", ["球形锁", "执手锁"], "把", "60.00", False, 5),
        ("合页", ["4寸 不锈钢"], "个", "6.00", False, 20),
        ("螺丝", ["M4×20 盒装", "自攻 4×30 盒装"], "盒", "8.00", False, 10),
        ("玻璃胶", ["透明 300ml"], "支", "12.00", False, 10),
        ("课桌椅螺丝", ["配套"], "套", "3.00", False, 50),
    ],
    "05": [
        ("篮球", ["7号"], "个", "120.00", False, 5),
        ("足球", ["5号"], "个", "95.00", False, 5),
        ("跳绳", ["计数"], "根", "12.00", False, 30),
        ("口罩", ["一次性 50只"], "盒", "15.00", False, 20),
        ("体温计", ["电子"], "支", "25.00", False, 5),
        ("创可贴", ["100片"], "盒", "12.00", False, 10),
        ("酒精棉片", ["100片"], "盒", "8.00", False, 10),
    ],
    "06": [
        ("试管", ["15×150mm"], "支", "0.80", False, 100),
        ("烧杯", ["100ml", "250ml", "500ml"], "个", "6.00", False, 20),
        ("滤纸", ["φ11cm"], "盒", "6.00", False, 10),
        ("酒精", ["95% 500ml"], "瓶", "12.00", False, 10),
        ("pH试纸", ["1-14"], "本", "3.00", False, 20),
        ("载玻片", ["50片"], "盒", "9.00", False, 10),
    ],
    "07": [
        ("A4复印纸（散张）", ["70g"], "张", "0.0460", False, 20000),
        ("A3复印纸（散张）", ["70g"], "张", "0.0920", False, 5000),
        ("B4复印纸（散张）", ["70g"], "张", "0.0700", False, 2000),
        ("B5复印纸（散张）", ["70g"], "张", "0.0350", False, 2000),
        ("硒鼓", ["HP 88A", "HP 12A", "兄弟 TN-2325"], "个", "180.00", False, 3),
        ("速印机油墨", ["黑 1000ml"], "支", "75.00", False, 5),
        ("速印机版纸", ["A3"], "卷", "320.00", False, 2),
        (
            "墨盒",
            ["Canon 黑", "Canon 彩", "Epson 黑", "Epson 彩"],
            "个",
            "90.00",
            False,
            3,
        ),
    ],
}
# Loose sheets issued for print jobs, by paper size.
PAPER_SIZES = {
    "A4复印纸（散张）": "A4",
    "A3复印纸（散张）": "A3",
    "B4复印纸（散张）": "B4",
    "B5复印纸（散张）": "B5",
}
DEMO_PDF = "supplies/demo/print-original.pdf"


def _money(value):
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def seed_supplies(school, *, scale=0, stdout=None):
    """The demo warehouse (kept if already there), and bench volume."""
    seed_categories(school.pk)
    keeper = _user(school, "keeper")
    if keeper is None:
        return
    rng = random.Random(20250901)
    if not Item.objects.filter(school=school).exists():
        items = _catalogue(school, rng)
        _history(school, items, keeper, rng, months=12)
        _print_history(school, keeper, rng)
        _requisitions(school, rng)
        _distribution(school, keeper)
    if scale:
        _scale(school, keeper, scale)
    if stdout:
        stdout.write(
            f"supplies: {Item.objects.filter(school=school).count()} items, "
            f"{StockMovement.objects.filter(school=school).count()} movements"
        )


def _user(school, username):
    return User.objects.filter(username=username, profile__school=school).first()


def _catalogue(school, rng):
    categories = dict(
        ItemCategory.objects.filter(school=school).values_list("code", "pk")
    )
    places = list(
        Location.objects.filter(school=school, kind="warehouse").order_by("code")[:4]
    ) or [None]
    rows = []
    for code, entries in CATALOGUE.items():
        n = 0
        for name, specs, unit, cost, divisible, reorder in entries:
            for spec in specs:
                n += 1
                rows.append(
                    Item(
                        school=school,
                        code=f"{code}-{n:03d}",
                        name=name,
                        specification=spec,
                        unit=unit,
                        divisible=divisible,
                        category_id=categories.get(code),
                        place=places[len(rows) % len(places)],
                        reorder_level=Decimal(reorder),
                        paper_size=PAPER_SIZES.get(name, ""),
                        last_unit_cost=Decimal(cost),
                    )
                )
    # Fill up to about 300 with further specifications of the common goods.
    extra, n = 0, 0
    while len(rows) < 300:
        extra += 1
        base = rows[extra % 60]
        n += 1
        rows.append(
            Item(
                school=school,
                code=f"99-{n:03d}",
                name=base.name,
                specification=f"{base.specification} 规格{n}",
                unit=base.unit,
                divisible=base.divisible,
                category_id=base.category_id,
                place=base.place,
                reorder_level=base.reorder_level,
                last_unit_cost=base.last_unit_cost,
            )
        )
    return Item.objects.bulk_create(rows, batch_size=1000)


class _Shelf:
    """One item's on-hand quantity and value, moved as ``ledger.post`` moves them."""

    def __init__(self, item):
        self.item = item
        self.on_hand = Decimal(0)
        self.value = Decimal(0)
        self.last_cost = item.last_unit_cost

    def move(self, quantity, cost=None):
        quantity = Decimal(quantity)
        if quantity > 0:
            cost = self.average() if cost is None else Decimal(cost)
            value = _money(quantity * cost)
            self.on_hand += quantity
            self.value += value
            return cost, value
        taken = -quantity
        cost = self.average()
        out = (
            self.value
            if taken == self.on_hand
            else min(_money(taken * cost), self.value)
        )
        self.on_hand -= taken
        self.value -= out
        return cost, -out

    def average(self):
        if self.on_hand > 0:
            return (self.value / self.on_hand).quantize(
                Decimal("0.0001"), rounding=ROUND_HALF_UP
            )
        return self.last_cost


def _moment(rng, day):
    at = datetime.datetime.combine(
        day, datetime.time(rng.randint(7, 17), rng.randint(0, 59))
    )
    at = timezone.make_aware(at)
    return min(at, timezone.now() - datetime.timedelta(minutes=5))


def _history(school, items, keeper, rng, *, months, issues_per_month=2, batch=None):
    """Receipts and issues of ``items`` over the last ``months`` months."""
    now = timezone.localdate()
    start = now - datetime.timedelta(days=30 * months)
    departments = list(
        Department.objects.filter(school=school).values_list("pk", flat=True)
    ) or [None]
    moves, shelves = [], []
    for item in items:
        if item.paper_size:
            continue  # paper moves with the print jobs
        shelf = _Shelf(item)
        level = max(item.reorder_level, Decimal(5))
        day = start
        first = True
        while day < now:
            if first or shelf.on_hand <= level:
                quantity = level * rng.randint(2, 4)
                cost = (item.last_unit_cost * Decimal(rng.uniform(0.9, 1.1))).quantize(
                    Decimal("0.0001")
                )
                shelf.last_cost = cost
                unit_cost, value = shelf.move(quantity, cost)
                moves.append(
                    _movement(
                        school,
                        item,
                        MovementKind.RECEIPT,
                        quantity,
                        unit_cost,
                        value,
                        shelf,
                        keeper,
                        _moment(rng, day),
                        "期初" if first else "采购入库",
                        department=None,
                    )
                )
                first = False
            for _ in range(rng.randint(0, issues_per_month)):
                quantity = min(
                    shelf.on_hand, Decimal(rng.randint(1, max(int(level // 3), 1)))
                )
                if quantity <= 0:
                    break
                unit_cost, value = shelf.move(-quantity)
                moves.append(
                    _movement(
                        school,
                        item,
                        MovementKind.ISSUE,
                        -quantity,
                        unit_cost,
                        value,
                        shelf,
                        keeper,
                        _moment(rng, day + datetime.timedelta(days=rng.randint(0, 27))),
                        "领用",
                        department=rng.choice(departments),
                    )
                )
            day += datetime.timedelta(days=30)
        shelves.append(shelf)
        if batch and len(moves) >= batch:
            _save(moves, shelves)
            moves, shelves = [], []
    _save(moves, shelves)


def _movement(
    school,
    item,
    kind,
    quantity,
    cost,
    value,
    shelf,
    by,
    at,
    label,
    department=None,
    **extra,
):
    return StockMovement(
        school=school,
        item=item,
        kind=kind,
        quantity=quantity,
        unit_cost=cost,
        value=value,
        on_hand_after=shelf.on_hand,
        source_label=label,
        department_id=department,
        by=by,
        at=at,
        **extra,
    )


def _save(moves, shelves):
    StockMovement.objects.bulk_create(moves, batch_size=5000)
    for shelf in shelves:
        shelf.item.on_hand = shelf.on_hand
        shelf.item.on_hand_value = shelf.value
        shelf.item.last_unit_cost = shelf.last_cost
    Item.objects.bulk_update(
        [s.item for s in shelves],
        ["on_hand", "on_hand_value", "last_unit_cost"],
        batch_size=1000,
    )


def _print_history(school, keeper, rng):
    """Two years of print jobs; this year's paper use falls against last year's
    (the head approves every job now)."""
    paper = Item.objects.filter(school=school, paper_size="A4").first()
    if paper is None:
        return
    staff = list(User.objects.filter(profile__school=school, is_active=True)[:30])
    departments = list(
        Department.objects.filter(school=school, kind="teaching_group")
    ) or [None]
    if not default_storage.exists(DEMO_PDF):
        default_storage.save(DEMO_PDF, ContentFile(b"%PDF-1.4\n%demo\n%%EOF\n"))
    shelf = _Shelf(paper)
    today = timezone.localdate()
    jobs, moves = [], []
    for months_ago in range(23, -1, -1):
        first = (
            today.replace(day=1) - datetime.timedelta(days=30 * months_ago)
        ).replace(day=1)
        this_year = months_ago < 12
        shelf.last_cost = paper.last_unit_cost
        needed = 40000
        unit_cost, value = shelf.move(needed, paper.last_unit_cost)
        moves.append(
            _movement(
                school,
                paper,
                MovementKind.RECEIPT,
                Decimal(needed),
                unit_cost,
                value,
                shelf,
                keeper,
                _moment(rng, first),
                "采购入库",
            )
        )
        for _ in range(rng.randint(6, 10)):
            day = first + datetime.timedelta(days=rng.randint(0, 27))
            if day >= today:
                continue
            pages = rng.randint(1, 8)
            copies = (
                rng.choice([40, 45, 50, 120, 300])
                if not this_year
                else rng.choice([40, 45, 50, 90])
            )
            sides = 2 if this_year or rng.random() < 0.3 else 1
            sheets = PrintJob.sheets_for(pages, copies, sides)
            at = _moment(rng, day)
            department = rng.choice(departments)
            unit_cost, value = shelf.move(-sheets)
            move = _movement(
                school,
                paper,
                MovementKind.ISSUE,
                Decimal(-sheets),
                unit_cost,
                value,
                shelf,
                keeper,
                at,
                "",
                department=getattr(department, "pk", None),
            )
            moves.append(move)
            jobs.append(
                PrintJob(
                    school=school,
                    number="",
                    requester=rng.choice(staff),
                    department=department,
                    title=rng.choice(
                        ["单元测验", "期中试卷", "课堂练习", "家长会通知", "教研资料"]
                    ),
                    original=DEMO_PDF,
                    pages=pages,
                    copies=copies,
                    sides=sides,
                    paper_size="A4",
                    purpose=rng.choice(["exam", "teaching", "office"]),
                    wanted_by=at + datetime.timedelta(hours=4),
                    status=PrintStatus.DONE,
                    sheets=sheets,
                    created_at=at - datetime.timedelta(hours=3),
                    done_at=at,
                    confidential=False,
                )
            )
    by_month = {}
    for job in jobs:
        local = timezone.localtime(job.created_at)
        by_month.setdefault((local.year, local.month), []).append(job)
    for batch in by_month.values():
        numbers = document_numbers_next(
            school=school, kind="print_job", count=len(batch), at=batch[0].created_at
        )
        for job, number in zip(batch, numbers, strict=True):
            job.number = number
    issue_moves = [m for m in moves if m.kind == MovementKind.ISSUE]
    _save(moves, [shelf])
    job_type = ContentType.objects.get_for_model(PrintJob)
    for job, move in zip(jobs, issue_moves, strict=True):
        job.movement = move
    PrintJob.objects.bulk_create(jobs, batch_size=1000)
    for job, move in zip(jobs, issue_moves, strict=True):
        move.content_type, move.object_id = job_type, job.pk
        move.source_label = job.number
        move.source_url = job.get_absolute_url()
        move.purpose = job.title
    StockMovement.objects.bulk_update(
        issue_moves,
        ["content_type", "object_id", "source_label", "source_url", "purpose"],
        batch_size=1000,
    )
    entries = []
    for job in jobs:
        for frm, to, at in (
            ("", "submitted", job.created_at),
            ("submitted", "approved", job.created_at + datetime.timedelta(hours=1)),
            ("approved", "done", job.done_at),
        ):
            entries.append(
                past_entry(
                    school_id=school.pk,
                    content_type=job_type,
                    object_id=job.pk,
                    from_state=frm,
                    to_state=to,
                    by=keeper if to == "done" else job.requester,
                    at=at,
                )
            )
    past_entries_save(entries)


def _requisitions(school, rng):
    """A few requisitions through the services: one waiting, one to hand over."""
    from . import services_docs as docs

    staff = _user(school, "staff")
    head = _user(school, "head")
    if staff is None:
        return
    items = list(
        Item.objects.filter(school=school, on_hand__gt=10, paper_size="").order_by(
            "code"
        )[:6]
    )
    if len(items) < 4:
        return
    docs.requisition_create(
        by=staff, lines=[(items[0], 2), (items[1], 5)], purpose="语文组教研活动用品"
    )
    second = docs.requisition_create(
        by=staff, lines=[(items[2], 3), (items[3], 1)], purpose="办公室日常用品"
    )
    if head is not None:
        docs.requisition_approve(requisition=second, by=head, comment="同意")


def _distribution(school, keeper):
    """The start-of-term distribution: exercise books, chalk and cleaning tools to
    all the classes (开学前一天按时按需发放)."""
    from . import services_docs as docs

    classes = list(SchoolClass.objects.filter(school=school))
    wanted = {
        "0201-001": 50,  # 作业本 语文
        "0201-002": 50,  # 作业本 数学
        "0202-001": 5,  # 粉笔
        "03-001": 2,  # 扫帚
        "03-003": 2,  # 拖把
    }
    items = {i.code: i for i in Item.objects.filter(school=school, code__in=wanted)}
    if not classes or not items:
        return
    # Enough on the shelf first: a receipt for the term.
    for code, per_class in wanted.items():
        item = items.get(code)
        if item is None:
            continue
        need = per_class * len(classes)
        if item.on_hand < need:
            docs.receipt_post(
                by=keeper,
                lines=[(item, need - item.on_hand + 10, item.last_unit_cost)],
                source_label="开学备货",
            )
        item.refresh_from_db()
    plan = {
        c: {
            items[code]: per_class
            for code, per_class in wanted.items()
            if code in items
        }
        for c in classes
    }
    docs.distribution_issue(by=keeper, title="开学发放", plan=plan)


def _scale(school, keeper, scale):
    """Bench volume: scale/20 more items and about 10 movements for each scale unit."""
    wanted_items = scale // 20
    have = Item.objects.filter(school=school, code__startswith="BENCH-").count()
    category = ItemCategory.objects.filter(school=school, code="01").first()
    new = Item.objects.bulk_create(
        (
            Item(
                school=school,
                code=f"BENCH-{n:06d}",
                name=f"测试物品{n}",
                specification="规格",
                unit="个",
                category=category,
                reorder_level=Decimal(10 if n % 7 else 1000),
                last_unit_cost=Decimal("3.50"),
            )
            for n in range(have, wanted_items)
        ),
        batch_size=2000,
    )
    if not new:
        return
    per_item = max(scale * 10 // max(wanted_items, 1), 2)
    months = max(per_item // 3, 1)
    _history(
        school,
        new,
        keeper,
        random.Random(scale),
        months=months,
        issues_per_month=4,
        batch=20000,
    )
