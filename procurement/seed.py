"""The demo school's year of purchases across its budget lines, and volume for the
bench (``--scale N``: N/5 more requests with five lines each).

Rows are written with ``bulk_create`` (requests, lines, approvals with their
stages and decisions, acceptances, timeline entries) rather than through the
services, which notify people and would take minutes for a bench's volume.
Nothing is dated in the future. Running it twice adds nothing.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from logistics.approvals.choices import ApprovalStatus, Outcome, StageStatus
from logistics.approvals.models import Approval, ApprovalDecision, ApprovalStage
from logistics.approvals.services import STEP_FIELDS, chain_create_default
from logistics.models import Department
from logistics.numbering import document_numbers_next
from logistics.roles import Role
from logistics.workflow import past_entries_save, past_entry

from .choices import FundingSource, LineKind
from .choices import PurchaseStatus as S
from .models import (
    Acceptance,
    AcceptanceLine,
    BudgetLine,
    FiscalYear,
    PurchaseLine,
    PurchaseRequest,
    PurchaseVersion,
    Supplier,
)
from .workflows import APPROVAL_KIND

C, A = LineKind.CONSUMABLE, LineKind.ASSET
# code, name, amount, funding, owner department
BUDGET = [
    ("301", "办公费", "80000", FundingSource.BUDGET, "办公室"),
    ("302", "维修费", "200000", FundingSource.BUDGET, "后勤处"),
    ("303", "设备购置费", "600000", FundingSource.SPECIAL, "信息中心"),
    ("304", "绿化费", "60000", FundingSource.BUDGET, "后勤处"),
    ("305", "印刷费", "50000", FundingSource.BUDGET, "教务处"),
    ("306", "取暖费", "300000", FundingSource.BUDGET, "后勤处"),
]
# budget code -> (title, reason, [(item, specification, unit, price, kind)])
ITEMS = {
    "301": (
        "办公用品采购",
        "各处室日常办公用品补充",
        [
            ("A4复印纸", "70g 500张/包", "包", "24.50", C),
            ("中性笔", "0.5mm 黑色", "盒", "18.00", C),
            ("文件夹", "A4 双夹", "个", "6.50", C),
            ("订书机", "12号", "个", "22.00", C),
            ("硒鼓", "HP CF276A", "个", "350.00", C),
        ],
    ),
    "302": (
        "维修材料采购",
        "校舍日常维修备料",
        [
            ("LED灯管", "T8 1.2米 18W", "根", "25.00", C),
            ("水龙头", "DN15 铜", "个", "45.00", C),
            ("空气开关", "DZ47 16A", "个", "32.00", C),
            ("门锁", "执手锁", "把", "60.00", C),
            ("乳胶漆", "立邦 18L", "桶", "420.00", C),
        ],
    ),
    "303": (
        "教学设备购置",
        "更新老化的教学设备",
        [
            ("激光打印机", "HP M405dn", "台", "2300.00", A),
            ("投影仪", "爱普生 CB-X51", "台", "3800.00", A),
            ("台式计算机", "联想 启天 M450", "台", "4600.00", A),
            ("交互式一体机", "86英寸", "台", "12800.00", A),
            ("办公桌椅", "1.4米 含椅", "套", "1200.00", A),
        ],
    ),
    "304": (
        "绿化苗木采购",
        "春季校园补植",
        [
            ("月季", "地径2cm", "株", "12.00", C),
            ("草坪种子", "高羊茅", "公斤", "45.00", C),
            ("有机肥", "40kg/袋", "袋", "68.00", C),
            ("香樟", "胸径8cm", "株", "380.00", C),
        ],
    ),
    "305": (
        "印刷试卷和资料",
        "期中、期末考试印刷",
        [
            ("试卷印刷", "8K 双面", "张", "0.12", C),
            ("学生练习册印刷", "16K 80页", "本", "4.50", C),
            ("油墨", "理想 S-7200", "支", "110.00", C),
        ],
    ),
    "306": (
        "冬季取暖燃料",
        "冬季供暖",
        [
            ("天然气", "立方米", "立方米", "3.20", C),
            ("锅炉软化水盐", "25kg/袋", "袋", "38.00", C),
        ],
    ),
}
SUPPLIERS = [
    ("文华办公用品公司", "王经理", "0755-26001234"),
    ("鑫达五金建材商行", "刘老板", "0755-26005678"),
    ("博雅教育装备有限公司", "陈工", "0755-26009988"),
    ("绿源园林苗木场", "赵场长", "0755-26002468"),
    ("新华印务中心", "孙主任", "0755-26001357"),
]
# Statuses of the demo year, in proportion.
MIX = [
    (S.CLOSED, 40),
    (S.RECEIVED, 8),
    (S.ORDERED, 8),
    (S.APPROVED, 8),
    (S.SUBMITTED, 10),
    (S.REJECTED, 8),
    (S.WITHDRAWN, 5),
    (S.DRAFT, 8),
]
DECIDED = {S.APPROVED, S.ORDERED, S.RECEIVED, S.CLOSED}
DEMO_COUNT = 90


def seed_procurement(school, *, scale=0, stdout=None):
    chain_create_default(school=school, kind=APPROVAL_KIND)
    lines = _budget(school)
    suppliers = _suppliers(school)
    have = PurchaseRequest.objects.filter(school=school).count()
    if have == 0:
        _history(
            school,
            lines,
            suppliers,
            count=DEMO_COUNT,
            rng=random.Random(2025),
            demo=True,
        )
        have = DEMO_COUNT
    if scale:
        wanted = DEMO_COUNT + scale // 5
        if have < wanted:
            _history(
                school,
                lines,
                suppliers,
                count=wanted - have,
                rng=random.Random(scale),
                demo=False,
            )
    if stdout:
        stdout.write(
            f"procurement: {PurchaseRequest.objects.filter(school=school).count()} "
            f"requests, {PurchaseLine.objects.filter(school=school).count()} lines"
        )


def _budget(school):
    this_year = timezone.localdate().year
    departments = {d.name: d for d in Department.objects.filter(school=school)}
    lines = {}
    for year in (this_year - 1, this_year):
        fiscal_year, _ = FiscalYear.objects.get_or_create(
            school=school, year=year, defaults={"is_closed": year < this_year}
        )
        for code, name, amount, funding, department in BUDGET:
            line, _ = BudgetLine.objects.get_or_create(
                school=school,
                fiscal_year=fiscal_year,
                code=code,
                defaults={
                    "name": name,
                    "amount": Decimal(amount),
                    "funding_source": funding,
                    "department": departments.get(department),
                },
            )
            if year == this_year:
                lines[code] = line
    return lines


def _suppliers(school):
    return [
        Supplier.objects.get_or_create(
            school=school, name=name, defaults={"contact": contact, "phone": phone}
        )[0]
        for name, contact, phone in SUPPLIERS
    ]


def _person(school, username, role):
    user = User.objects.filter(username=username, profile__school=school).first()
    if user is None:
        user = User.objects.filter(
            profile__school=school, groups__name=role.value, is_active=True
        ).first()
    return user


def _requesters(school):
    people = list(
        User.objects.filter(profile__school=school, is_active=True)
        .exclude(groups__name__in=[Role.LOGISTICS_HEAD.value, Role.DIRECTOR.value])
        .order_by("pk")[:40]
    )
    return people


def _statuses(count, rng, demo):
    if demo:
        # Every status at least once, then in proportion.
        order = [status for status, _ in MIX]
        weights = [weight for _, weight in MIX]
        return order + rng.choices(order, weights, k=max(count - len(order), 0))
    # The bench: mostly history, a share waiting in the inbox.
    return rng.choices(
        [S.CLOSED, S.APPROVED, S.SUBMITTED, S.REJECTED, S.DRAFT],
        [70, 10, 8, 7, 5],
        k=count,
    )


def _at_school_hours(moment, rng):
    local = timezone.localtime(moment)
    return local.replace(hour=rng.randint(8, 16), minute=rng.randint(0, 59))


def _history(school, budget, suppliers, *, count, rng, demo):
    now = timezone.now()
    latest = now - datetime.timedelta(minutes=10)
    head = _person(school, "head", Role.LOGISTICS_HEAD)
    director = _person(school, "director", Role.DIRECTOR)
    keeper = _person(school, "keeper", Role.STOREKEEPER) or head
    accountant = _person(school, "accountant", Role.ACCOUNTANT) or head
    requesters = _requesters(school)
    if not (head and director and requesters):
        return
    steps = list(chain_create_default(school=school, kind=APPROVAL_KIND).steps.all())
    codes = list(budget)
    start_of_year = timezone.make_aware(
        datetime.datetime(timezone.localdate().year, 1, 1, 8)
    )
    span = max((latest - start_of_year).total_seconds(), 3600)
    purchases, plan = [], []
    for index, status in enumerate(_statuses(count, rng, demo)):
        code = rng.choice(codes)
        title, reason, catalogue = ITEMS[code]
        size = rng.randint(1, 4) if demo else 5
        chosen = [rng.choice(catalogue) for _ in range(size)]
        big = demo and index == 0  # the meeting's decision: a large purchase
        if big:
            code, (title, reason, catalogue) = "303", ITEMS["303"]
            chosen = [catalogue[3], catalogue[2]]
        items = []
        for name, spec, unit, price, kind in chosen:
            if big:
                quantity = Decimal("4")
            elif kind == A:
                quantity = Decimal(rng.randint(1, 3))
            else:
                quantity = Decimal(rng.choice([2, 5, 10, 20, 50, 100]))
            items.append((name, spec, unit, Decimal(price), kind, quantity))
        created = _at_school_hours(
            start_of_year + datetime.timedelta(seconds=rng.uniform(0, span) * 0.9),
            rng,
        )
        created = min(created, latest - datetime.timedelta(days=2))
        total = sum((q * p for *_x, p, _k, q in items), Decimal("0.00"))
        requester = rng.choice(requesters)
        purchase = PurchaseRequest(
            school=school,
            title=title,
            reason=reason,
            budget_line=budget[code],
            requester=requester,
            wanted_by=(created + datetime.timedelta(days=rng.randint(10, 40))).date(),
            status=status,
            estimated_total=total.quantize(Decimal("0.01")),
            created_at=created,
        )
        times = _times(created, latest, rng)
        if status != S.DRAFT:
            purchase.submitted_at = times["submitted"]
        if status in DECIDED:
            purchase.approved_at = times["approved"]
        if status in {S.ORDERED, S.RECEIVED, S.CLOSED}:
            purchase.supplier = rng.choice(suppliers)
            purchase.ordered_on = timezone.localtime(times["ordered"]).date()
            purchase.expected_on = purchase.ordered_on + datetime.timedelta(days=7)
        if status == S.CLOSED:
            purchase.paid_on = timezone.localtime(times["paid"]).date()
            purchase.voucher_number = f"记-{index + 1:05d}"
            purchase.paid_by = accountant
        if demo and index in (3, 11, 19):
            purchase.override_reason = "学期中急需，下季度追加预算后冲抵"
            purchase.override_total = purchase.estimated_total
            purchase.override_by = director
            purchase.override_at = times["submitted"]
        purchases.append(purchase)
        plan.append((items, times, big))
    _number(school, purchases)
    PurchaseRequest.objects.bulk_create(purchases, batch_size=2000)
    _lines(school, purchases, plan)
    _approvals(school, purchases, plan, steps, head, director, demo)
    _acceptances(school, purchases, plan, keeper, head)
    if demo:
        _timeline(school, purchases, plan, head, director, keeper, accountant)
        _versions(school, purchases)


def _times(created, latest, rng):
    """Each step a little after the one before, squeezed before ``latest``."""
    steps = {"created": created}
    at = created
    for name, days in (
        ("submitted", (0, 1)),
        ("step", (0.2, 2)),
        ("approved", (0.2, 3)),
        ("ordered", (1, 4)),
        ("received", (3, 10)),
        ("paid", (2, 12)),
    ):
        at = at + datetime.timedelta(days=rng.uniform(*days))
        steps[name] = at
    end = steps["paid"]
    if end > latest:
        squeeze = max((latest - created), datetime.timedelta(0)) / (end - created)
        steps = {key: created + (at - created) * squeeze for key, at in steps.items()}
    return steps


def _number(school, purchases):
    by_month = {}
    for purchase in sorted(purchases, key=lambda p: p.created_at):
        at = timezone.localtime(purchase.created_at)
        by_month.setdefault((at.year, at.month), []).append(purchase)

    def taken(numbers):
        return PurchaseRequest.objects.filter(
            school=school, number__in=numbers
        ).values_list("number", flat=True)

    for batch in by_month.values():
        numbers = document_numbers_next(
            school=school,
            kind="purchase",
            count=len(batch),
            at=batch[0].created_at,
            taken=taken,
        )
        for purchase, number in zip(batch, numbers, strict=True):
            purchase.number = number


def _lines(school, purchases, plan):
    rows, totals = [], []
    for purchase, (items, _times, _big) in zip(purchases, plan, strict=True):
        received = purchase.status in {S.RECEIVED, S.CLOSED}
        actual = Decimal("0.00")
        for position, (name, spec, unit, price, kind, quantity) in enumerate(
            items, start=1
        ):
            amount = (quantity * price).quantize(Decimal("0.01"))
            paid = (amount * Decimal("0.97")).quantize(Decimal("0.01"))
            if received:
                actual += paid
            rows.append(
                PurchaseLine(
                    school=school,
                    request=purchase,
                    position=position,
                    kind=kind,
                    name=name,
                    specification=spec,
                    quantity=quantity,
                    unit=unit,
                    estimated_unit_price=price,
                    estimated_amount=amount,
                    received_quantity=quantity if received else 0,
                    received_amount=paid if received else 0,
                )
            )
        if received:
            purchase.actual_total = actual
            totals.append(purchase)
    PurchaseLine.objects.bulk_create(rows, batch_size=5000)
    PurchaseRequest.objects.bulk_update(totals, ["actual_total"], batch_size=2000)


def _approvals(school, purchases, plan, steps, head, director, demo):
    started = [
        (purchase, times, big)
        for purchase, (_items, times, big) in zip(purchases, plan, strict=True)
        if purchase.status not in {S.DRAFT}
    ]
    approvals = []
    for purchase, times, _big in started:
        status = {
            S.SUBMITTED: ApprovalStatus.PENDING,
            S.REJECTED: ApprovalStatus.REJECTED,
            S.WITHDRAWN: ApprovalStatus.CANCELLED,
        }.get(purchase.status, ApprovalStatus.APPROVED)
        approvals.append(
            Approval(
                school=school,
                kind=APPROVAL_KIND,
                object_id=purchase.pk,
                title=f"采购 {purchase.number}：{purchase.title}"[:200],
                url=purchase.get_absolute_url(),
                amount=purchase.estimated_total,
                requester=purchase.requester,
                status=status,
                started_at=times["submitted"],
                finished_at=None
                if status == ApprovalStatus.PENDING
                else times["approved"],
            )
        )
    Approval.objects.bulk_create(approvals, batch_size=2000)
    stages, decisions, pending = [], [], []
    for approval, _started in zip(approvals, started, strict=True):
        applying = [step for step in steps if step.applies_to(approval.amount)]
        mine = []
        for position, step in enumerate(applying):
            stage = ApprovalStage(
                school=school,
                approval=approval,
                **{name: getattr(step, name) for name in STEP_FIELDS},
            )
            last = position == len(applying) - 1
            if approval.status == ApprovalStatus.APPROVED:
                stage.status = StageStatus.APPROVED
            elif approval.status == ApprovalStatus.REJECTED:
                stage.status = StageStatus.REJECTED if last else StageStatus.APPROVED
            elif approval.status == ApprovalStatus.CANCELLED:
                stage.status = StageStatus.NOT_REACHED
            else:
                stage.status = StageStatus.WAITING
            mine.append(stage)
        stages.extend(mine)
        if approval.status == ApprovalStatus.PENDING:
            pending.append((approval, mine[0]))
    ApprovalStage.objects.bulk_create(stages, batch_size=5000)
    for approval, stage in pending:
        approval.current_stage = stage
    Approval.objects.bulk_update(
        [approval for approval, _stage in pending], ["current_stage"], batch_size=2000
    )
    by_approval = {}
    for stage in stages:
        by_approval.setdefault(stage.approval_id, []).append(stage)
    minutes = None
    for approval, (_purchase, times, _big) in zip(approvals, started, strict=True):
        for stage in by_approval.get(approval.pk, []):
            if stage.status not in {StageStatus.APPROVED, StageStatus.REJECTED}:
                continue
            approved = stage.status == StageStatus.APPROVED
            decider = head if stage.role == Role.LOGISTICS_HEAD.value else director
            at = times["step"] if stage.order == 1 else times["approved"]
            decision = ApprovalDecision(
                school=school,
                stage=stage,
                approval=approval,
                decided_by=decider,
                outcome=Outcome.APPROVED if approved else Outcome.REJECTED,
                comment="同意" if approved else "价格偏高，请再比价后重新申请",
                decided_at=at,
            )
            if stage.collective:
                decision.meeting_date = timezone.localtime(at).date()
                decision.comment = "校务会研究同意，按政府采购程序执行"
                if demo and minutes is None:
                    minutes = ContentFile(
                        "校务会会议纪要：同意购置录播教室设备。".encode(),
                        name="校务会纪要.txt",
                    )
                    decision.minutes.save(minutes.name, minutes, save=False)
            decisions.append(decision)
    ApprovalDecision.objects.bulk_create(decisions, batch_size=5000)


def _acceptances(school, purchases, plan, keeper, witness):
    chosen = [
        (purchase, times)
        for purchase, (_items, times, _big) in zip(purchases, plan, strict=True)
        if purchase.status in {S.RECEIVED, S.CLOSED}
    ]
    if keeper.pk == witness.pk:
        return
    acceptances = [
        Acceptance(
            school=school,
            request=purchase,
            accepted_on=timezone.localtime(times["received"]).date(),
            accepted_by=keeper,
            witness=witness,
            invoice_number=f"FP{purchase.number[-8:]}",
            created_at=times["received"],
        )
        for purchase, times in chosen
    ]
    Acceptance.objects.bulk_create(acceptances, batch_size=2000)
    by_request = {a.request_id: a for a in acceptances}
    rows = [
        AcceptanceLine(
            school=school,
            acceptance=by_request[line.request_id],
            line=line,
            quantity=line.received_quantity,
            unit_price=(line.received_amount / line.received_quantity).quantize(
                Decimal("0.01")
            ),
        )
        for line in PurchaseLine.objects.filter(request_id__in=list(by_request))
    ]
    AcceptanceLine.objects.bulk_create(rows, batch_size=5000)


def _timeline(school, purchases, plan, head, director, keeper, accountant):
    content_type = ContentType.objects.get_for_model(PurchaseRequest)
    entries = []

    def add(purchase, from_state, to_state, by, at, comment=""):
        entries.append(
            past_entry(
                school_id=school.pk,
                content_type=content_type,
                object_id=purchase.pk,
                from_state=from_state,
                to_state=to_state,
                by=by,
                at=at,
                comment=comment,
            )
        )

    for purchase, (_items, times, _big) in zip(purchases, plan, strict=True):
        add(purchase, "", S.DRAFT, purchase.requester, times["created"])
        if purchase.status == S.DRAFT:
            continue
        add(purchase, S.DRAFT, S.SUBMITTED, purchase.requester, times["submitted"])
        if purchase.status == S.SUBMITTED:
            continue
        if purchase.status == S.WITHDRAWN:
            add(purchase, S.SUBMITTED, S.WITHDRAWN, purchase.requester, times["step"])
            continue
        if purchase.status == S.REJECTED:
            add(
                purchase,
                S.SUBMITTED,
                S.REJECTED,
                director,
                times["approved"],
                "价格偏高",
            )
            continue
        add(purchase, S.SUBMITTED, S.APPROVED, director, times["approved"])
        if purchase.status == S.APPROVED:
            continue
        add(
            purchase,
            S.APPROVED,
            S.ORDERED,
            keeper,
            times["ordered"],
            str(purchase.supplier),
        )
        if purchase.status == S.ORDERED:
            continue
        add(purchase, S.ORDERED, S.RECEIVED, keeper, times["received"])
        if purchase.status == S.RECEIVED:
            continue
        add(
            purchase,
            S.RECEIVED,
            S.CLOSED,
            accountant,
            times["paid"],
            purchase.voucher_number,
        )
    past_entries_save(entries)


def _versions(school, purchases):
    versions = []
    for purchase in purchases:
        if purchase.status == S.DRAFT:
            continue
        versions.append(
            PurchaseVersion(
                school=school,
                request=purchase,
                version=1,
                data={
                    "title": purchase.title,
                    "reason": purchase.reason,
                    "budget_line": str(purchase.budget_line),
                    "estimated_total": str(purchase.estimated_total),
                    "lines": [],
                },
                by=purchase.requester,
                at=purchase.submitted_at,
            )
        )
    PurchaseVersion.objects.bulk_create(versions)
