"""The demo school's grounds: about 25 zones over a generated campus plan, about
400 plants, a term of care logs and weekly 四化 scores with a believable ranking.

Rows are written with ``bulk_create`` (a term of history must load in seconds)
and lie in the past. Running it twice adds nothing. With ``--scale N`` about
N/200 more zones (each with its plants, plans and scores) are added for benchmarks.
"""

import datetime
import io
import random
from decimal import Decimal

from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.utils import timezone

from logistics.models import Campus, Location, SchoolClass
from logistics.roles import Role

from . import schedule as rhythm
from .choices import SCORE_FIELDS, PlantCondition, PlantForm
from .models import (
    CampusPlan,
    CareLog,
    CareMaterial,
    CarePlan,
    Holiday,
    Inspection,
    Plant,
    PlantingEvent,
    Season,
    Species,
    Term,
    Zone,
    monday_of,
)

SPECIES = [
    ("香樟", "Camphor tree", "Cinnamomum camphora", PlantForm.TREE),
    ("桂花", "Sweet osmanthus", "Osmanthus fragrans", PlantForm.TREE),
    ("广玉兰", "Southern magnolia", "Magnolia grandiflora", PlantForm.TREE),
    ("银杏", "Ginkgo", "Ginkgo biloba", PlantForm.TREE),
    ("紫薇", "Crape myrtle", "Lagerstroemia indica", PlantForm.TREE),
    ("樱花", "Cherry", "Prunus serrulata", PlantForm.TREE),
    ("腊梅", "Wintersweet", "Chimonanthus praecox", PlantForm.SHRUB),
    ("红叶石楠", "Red tip photinia", "Photinia × fraseri", PlantForm.SHRUB),
    ("海桐", "Japanese pittosporum", "Pittosporum tobira", PlantForm.SHRUB),
    ("小叶黄杨", "Boxwood", "Buxus sinica", PlantForm.SHRUB),
    ("金叶女贞", "Golden privet", "Ligustrum × vicaryi", PlantForm.SHRUB),
    ("杜鹃", "Azalea", "Rhododendron simsii", PlantForm.SHRUB),
    ("栀子花", "Gardenia", "Gardenia jasminoides", PlantForm.SHRUB),
    ("茶花", "Camellia", "Camellia japonica", PlantForm.SHRUB),
    ("月季", "Chinese rose", "Rosa chinensis", PlantForm.FLOWER),
    ("一串红", "Scarlet sage", "Salvia splendens", PlantForm.FLOWER),
    ("万寿菊", "Marigold", "Tagetes erecta", PlantForm.FLOWER),
    ("三色堇", "Pansy", "Viola tricolor", PlantForm.FLOWER),
    ("矮牵牛", "Petunia", "Petunia hybrida", PlantForm.FLOWER),
    ("菊花", "Chrysanthemum", "Chrysanthemum morifolium", PlantForm.FLOWER),
    ("鸢尾", "Iris", "Iris tectorum", PlantForm.FLOWER),
    ("麦冬", "Mondo grass", "Ophiopogon japonicus", PlantForm.GRASS),
    ("马尼拉草", "Manila grass", "Zoysia matrella", PlantForm.GRASS),
    ("狗牙根", "Bermuda grass", "Cynodon dactylon", PlantForm.GRASS),
    ("爬山虎", "Boston ivy", "Parthenocissus tricuspidata", PlantForm.CLIMBER),
    ("凌霄", "Trumpet vine", "Campsis grandiflora", PlantForm.CLIMBER),
]
SEASONS = [
    ("spring", "春季", 3, 1, 5, 31),
    ("summer", "夏季", 6, 1, 8, 31),
    ("autumn", "秋季", 9, 1, 11, 30),
    ("winter", "冬季", 12, 1, 2, 28),
]
# name, kind, outdoor location code or "", (x, y, w, h) on the plan (fractions),
# standard
ZONES = [
    ("中心花园", "green_area", "OUT-03", (0.40, 0.40, 0.18, 0.16)),
    ("东侧绿化带", "green_area", "OUT-04", (0.93, 0.10, 0.05, 0.75)),
    ("田径运动场", "sports_ground", "OUT-01", (0.05, 0.55, 0.30, 0.38)),
    ("篮球场", "sports_ground", "OUT-02", (0.38, 0.72, 0.20, 0.20)),
    ("校门花坛", "flower_bed", "OUT-05", (0.62, 0.88, 0.16, 0.08)),
    ("明德楼前花坛", "flower_bed", "A-GG", (0.10, 0.28, 0.16, 0.06)),
    ("致远楼前绿地", "green_area", "B-GG", (0.30, 0.28, 0.16, 0.06)),
    ("格物楼西侧绿地", "green_area", "C-GG", (0.50, 0.05, 0.05, 0.20)),
    ("行政楼前广场", "outdoor_facility", "D-GG", (0.62, 0.30, 0.20, 0.08)),
    ("宿舍1号楼周边", "dormitory", "E-GG", (0.62, 0.48, 0.12, 0.14)),
    ("宿舍2号楼周边", "dormitory", "F-GG", (0.77, 0.48, 0.12, 0.14)),
    ("食堂周边", "outdoor_facility", "G-GG", (0.62, 0.68, 0.14, 0.12)),
    ("体育馆周边", "sports_ground", "H-GG", (0.78, 0.68, 0.12, 0.12)),
    ("明德楼走廊", "corridor", "A-GG", (0.10, 0.08, 0.16, 0.04)),
    ("致远楼走廊", "corridor", "B-GG", (0.30, 0.08, 0.16, 0.04)),
    ("明德楼东花池", "flower_bed", "A-GG", (0.27, 0.13, 0.02, 0.12)),
    ("致远楼东花池", "flower_bed", "B-GG", (0.47, 0.13, 0.02, 0.12)),
    ("升旗台草坪", "green_area", "OUT-03", (0.40, 0.58, 0.18, 0.10)),
    ("紫藤长廊", "outdoor_facility", "OUT-03", (0.20, 0.42, 0.16, 0.05)),
    ("樱花大道", "green_area", "OUT-04", (0.60, 0.20, 0.30, 0.04)),
    ("桂花园", "green_area", "OUT-03", (0.20, 0.48, 0.10, 0.05)),
    ("生物园", "green_area", "C-GG", (0.56, 0.05, 0.10, 0.12)),
    ("图书角绿地", "green_area", "D-GG", (0.70, 0.05, 0.10, 0.12)),
    ("北侧竹林", "green_area", "OUT-04", (0.82, 0.05, 0.09, 0.12)),
    ("南门绿化带", "green_area", "OUT-05", (0.05, 0.95, 0.55, 0.03)),
]
STANDARDS = {
    "green_area": "树活、花开、草绿：无枯枝死株，无杂草，草坪高度不超过8厘米；地面无纸屑、无积水。",
    "flower_bed": "花开不断，四季有花；花池边沿整洁，无杂草、无垃圾；按时浇水施肥。",
    "sports_ground": "场地干净，无纸屑、无杂物；草皮完好，器材摆放整齐。",
    "corridor": "走廊盆花摆放整齐、枝叶干净；地面、墙面、窗台无灰尘、无乱贴乱画。",
    "dormitory": "宿舍楼周边绿地无垃圾、无晾晒物，盆花有专人养护。",
    "outdoor_facility": "设施完好、干净，周边绿化整洁，无乱停乱放。",
    "classroom": "教室绿植长势良好，摆放整齐，叶面无尘。",
}
PESTICIDES = [
    ("吡虫啉", "毫升", "喷药后48小时内请勿进入、勿触摸花木；喷药人员戴口罩手套。"),
    ("阿维菌素", "毫升", "喷药时学生离场，喷后两天内勿采摘、勿触碰。"),
    ("多菌灵", "克", "喷后请勿入内，洗手后再进食。"),
]
FERTILISERS = [("复合肥", "千克"), ("有机肥", "千克"), ("尿素", "千克")]
PROBLEMS = [
    "喷灌头漏水，草坪积水",
    "花池边沿砖块松动",
    "绿地中有杂物堆放",
    "路灯不亮，晚自习后浇水看不清",
    "围栏倒伏一段",
]
PER_ZONE_SPECIES = 5


def seed_greening(school, *, scale=0, stdout=None):
    """Zones over a generated campus plan, plants, care plans, a term of care and
    weekly scores."""
    rng = random.Random(20260901)
    today = timezone.localdate()
    species = _species(school)
    _seasons(school)
    term = _terms(school, today)
    _holidays(school, today)
    campus = Campus.objects.filter(school=school).order_by("pk").first()
    if campus is None:
        return
    _plan_image(school, campus)
    head = User.objects.filter(username="head", profile__school=school).first()
    if head is None:
        return
    if not Zone.objects.filter(school=school).exists():
        zones = _zones(school, campus, rng)
        _plants(school, zones, species, rng, today)
        plans = _care_plans(school, zones, term)
        _history(school, zones, plans, term, head, rng, today)
    if scale:
        _scale(school, campus, species, head, term, scale, today)
    if stdout:
        stdout.write(
            f"greening: {Zone.objects.filter(school=school).count()} zones, "
            f"{Plant.objects.filter(school=school).count()} plant rows, "
            f"{CareLog.objects.filter(school=school).count()} care logs, "
            f"{Inspection.objects.filter(school=school).count()} scores"
        )


def _species(school):
    rows = []
    for name_zh, name_en, latin, form in SPECIES:
        rows.append(
            Species.objects.get_or_create(
                school=school,
                name_zh=name_zh,
                defaults={"name_en": name_en, "latin_name": latin, "form": form},
            )[0]
        )
    return rows


def _seasons(school):
    for code, name, sm, sd, em, ed in SEASONS:
        Season.objects.get_or_create(
            school=school,
            code=code,
            defaults=dict(
                name=name, start_month=sm, start_day=sd, end_month=em, end_day=ed
            ),
        )


def term_for(day):
    """(name, first day, last day) of the school term holding or before ``day``."""
    if datetime.date(day.year, 2, 20) <= day <= datetime.date(day.year, 7, 10):
        year = day.year
        return (
            f"{year - 1}—{year}学年第二学期",
            datetime.date(year, 2, 20),
            datetime.date(year, 7, 10),
        )
    year = day.year if day.month >= 7 else day.year - 1
    return (
        f"{year}—{year + 1}学年第一学期",
        datetime.date(year, 9, 1),
        datetime.date(year + 1, 1, 20),
    )


def _terms(school, today):
    name, first, last = term_for(today)
    earlier = term_for(first - datetime.timedelta(days=60))
    Term.objects.get_or_create(
        school=school,
        name=earlier[0],
        defaults={"first_day": earlier[1], "last_day": earlier[2]},
    )
    return Term.objects.get_or_create(
        school=school, name=name, defaults={"first_day": first, "last_day": last}
    )[0]


def _holidays(school, today):
    for year in (today.year - 1, today.year):
        for name, first, last in (
            (f"{year}年暑假", datetime.date(year, 7, 11), datetime.date(year, 8, 31)),
            (
                f"{year}年国庆假期",
                datetime.date(year, 10, 1),
                datetime.date(year, 10, 7),
            ),
            (f"{year}年寒假", datetime.date(year, 1, 21), datetime.date(year, 2, 19)),
        ):
            Holiday.objects.get_or_create(
                school=school,
                name=name,
                defaults={"first_day": first, "last_day": last},
            )


def plan_image(width=1600, height=1000):
    """A campus plan drawn with Pillow: lawns, buildings, the track and paths."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), "#e8efe3")
    draw = ImageDraw.Draw(image)

    def box(x, y, w, h, **kw):
        draw.rectangle([x * width, y * height, (x + w) * width, (y + h) * height], **kw)

    # Paths
    box(0.0, 0.35, 1.0, 0.03, fill="#d9d4c7")
    box(0.58, 0.0, 0.03, 1.0, fill="#d9d4c7")
    # Track and field
    draw.rounded_rectangle(
        [0.05 * width, 0.55 * height, 0.35 * width, 0.93 * height],
        radius=int(0.12 * height),
        fill="#c0504d",
    )
    draw.rounded_rectangle(
        [0.08 * width, 0.60 * height, 0.32 * width, 0.88 * height],
        radius=int(0.09 * height),
        fill="#7cb860",
    )
    # Buildings: 明德, 致远, 格物, 行政, dorms, canteen, gym
    for x, y, w, h in (
        (0.10, 0.12, 0.16, 0.15),
        (0.30, 0.12, 0.16, 0.15),
        (0.45, 0.26, 0.10, 0.06),
        (0.62, 0.38, 0.20, 0.09),
        (0.63, 0.50, 0.10, 0.10),
        (0.78, 0.50, 0.10, 0.10),
        (0.63, 0.70, 0.12, 0.08),
        (0.79, 0.70, 0.10, 0.08),
    ):
        box(x, y, w, h, fill="#b9b9b9", outline="#808080", width=3)
    # Lawns and garden
    box(0.40, 0.40, 0.18, 0.16, fill="#9ccc65")
    box(0.40, 0.58, 0.18, 0.10, fill="#aed581")
    box(0.93, 0.10, 0.05, 0.75, fill="#8bc34a")
    box(0.38, 0.72, 0.20, 0.20, fill="#90a4ae")
    for i in range(40):
        cx, cy = 0.62 + 0.0075 * i, 0.22
        draw.ellipse(
            [cx * width - 6, cy * height - 6, cx * width + 6, cy * height + 6],
            fill="#f48fb1",
        )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _plan_image(school, campus):
    if CampusPlan.objects.filter(campus=campus).exists():
        return
    plan = CampusPlan(school=school, campus=campus, width=1600, height=1000)
    plan.image.save("campus-plan.png", ContentFile(plan_image()), save=False)
    plan.save()


def _outline(x, y, w, h):
    return [
        [round(x, 4), round(y, 4)],
        [round(x + w, 4), round(y, 4)],
        [round(x + w, 4), round(y + h, 4)],
        [round(x, 4), round(y + h, 4)],
    ]


def _zones(school, campus, rng):
    keeper_group = Group.objects.get_or_create(name=Role.ZONE_KEEPER.value)[0]
    classes = list(
        SchoolClass.objects.filter(school=school).select_related("head_teacher")
    )
    staff = User.objects.filter(username="staff", profile__school=school).first()
    places = {loc.code: loc for loc in Location.objects.filter(school=school)}
    zones = []
    for index, (name, kind, code, rect) in enumerate(ZONES):
        school_class = (
            classes[index % len(classes)] if classes and index < len(classes) else None
        )
        zone = Zone.objects.create(
            school=school,
            name=name,
            kind=kind,
            campus=campus,
            area=Decimal(rng.randrange(60, 2400)),
            standard=STANDARDS[kind],
            school_class=school_class,
            outline=_outline(*rect),
        )
        place = places.get(code)
        if place is not None:
            zone.locations.add(place)
        keepers = []
        if name == "明德楼前花坛" and staff is not None:
            keepers.append(staff)
        elif school_class is not None and school_class.head_teacher_id:
            keepers.append(school_class.head_teacher)
        for person in keepers:
            person.groups.add(keeper_group)
        zone.keepers.set(keepers)
        zones.append(zone)
    return zones


def _plants(school, zones, species, rng, today):
    trees = [s for s in species if s.form in (PlantForm.TREE, PlantForm.SHRUB)]
    flowers = [s for s in species if s.form == PlantForm.FLOWER]
    grass = [s for s in species if s.form == PlantForm.GRASS]
    climbers = [s for s in species if s.form == PlantForm.CLIMBER]
    rows = []
    for zone in zones:
        if zone.kind == "flower_bed":
            pool = flowers + trees[:4]
        elif zone.kind == "sports_ground":
            pool = grass + trees[:3]
        elif zone.kind == "corridor":
            pool = flowers + climbers
        else:
            pool = trees + grass + climbers
        for _ in range(16):
            kind = rng.choice(pool)
            condition = rng.choices(PlantCondition.values, weights=[86, 10, 4])[0]
            rows.append(
                Plant(
                    school=school,
                    zone=zone,
                    species=kind,
                    count=rng.randint(1, 4)
                    if kind.form == PlantForm.TREE
                    else rng.randint(2, 30),
                    planted_on=today - datetime.timedelta(days=rng.randint(30, 3000)),
                    condition=condition,
                    note="待补种" if condition == PlantCondition.DEAD else "",
                )
            )
    Plant.objects.bulk_create(rows)
    # The whole school planted shrubs before the teaching building in two lessons.
    front = next(z for z in zones if z.name == "明德楼前花坛")
    photinia = next(s for s in species if s.name_zh == "红叶石楠")
    planting = PlantingEvent.objects.create(
        school=school,
        zone=front,
        held_on=today - datetime.timedelta(days=40),
        species=photinia,
        count=60,
        others="初一、初二全体学生（两节课）",
        note="全校师生共同栽种红叶石楠60株。",
        recorded_by=User.objects.get(username="head", profile__school=school),
    )
    planting.participants.set(list(front.keepers.all()))


def _care_plans(school, zones, term):
    plans = []
    start = term.first_day
    for zone in zones:
        green = zone.kind in ("green_area", "flower_bed", "sports_ground", "dormitory")
        if zone.kind == "flower_bed":
            # Watering at five in the morning and again after evening study.
            plans.append(
                CarePlan(
                    school=school,
                    zone=zone,
                    task="water",
                    at=datetime.time(5, 0),
                    every_days={"spring": 2, "summer": 1, "autumn": 1, "winter": 0},
                    starts_on=start,
                    skip_holidays=False,
                )
            )
            plans.append(
                CarePlan(
                    school=school,
                    zone=zone,
                    task="water",
                    at=datetime.time(21, 30),
                    every_days={"summer": 1},
                    starts_on=start,
                )
            )
        else:
            plans.append(
                CarePlan(
                    school=school,
                    zone=zone,
                    task="water",
                    at=datetime.time(5, 0),
                    every_days={"spring": 7, "summer": 1, "autumn": 7, "winter": 0},
                    starts_on=start,
                )
            )
        plans.append(
            CarePlan(
                school=school,
                zone=zone,
                task="weed",
                at=datetime.time(16, 30),
                every_days={"spring": 14, "summer": 7, "autumn": 14},
                starts_on=start + datetime.timedelta(days=2),
            )
        )
        if green:
            plans.append(
                CarePlan(
                    school=school,
                    zone=zone,
                    task="fertilise",
                    at=datetime.time(16, 30),
                    every_days={"spring": 30, "autumn": 30},
                    starts_on=start + datetime.timedelta(days=4),
                )
            )
            plans.append(
                CarePlan(
                    school=school,
                    zone=zone,
                    task="spray",
                    at=datetime.time(17, 0),
                    every_days={"summer": 21, "autumn": 30},
                    starts_on=start + datetime.timedelta(days=9),
                )
            )
        if zone.kind in ("sports_ground",) or zone.name.endswith("草坪"):
            plans.append(
                CarePlan(
                    school=school,
                    zone=zone,
                    task="mow",
                    at=datetime.time(16, 0),
                    every_days={"spring": 14, "summer": 7, "autumn": 14},
                    starts_on=start + datetime.timedelta(days=3),
                )
            )
    return CarePlan.objects.bulk_create(plans)


def _history(school, zones, plans, term, head, rng, today):
    """A term of care logs (each zone kept a little better or worse) and weekly
    scores that follow how well each zone was kept."""
    seasons = [
        rhythm.Season(code, (sm, sd), (em, ed)) for code, _n, sm, sd, em, ed in SEASONS
    ]
    holidays = list(
        Holiday.objects.filter(school=school).values_list("first_day", "last_day")
    )
    diligence = {zone.pk: rng.uniform(0.55, 0.98) for zone in zones}
    keepers = {zone.pk: list(zone.keepers.all()) for zone in zones}
    now = timezone.now()
    yesterday = today - datetime.timedelta(days=1)
    logs, materials = [], []
    for plan in plans:
        doers = keepers[plan.zone_id] or [head]
        for day in rhythm.occurrences(
            plan.schedule(),
            seasons,
            holidays,
            term.first_day,
            min(yesterday, term.last_day),
        ):
            if rng.random() > diligence[plan.zone_id]:
                continue
            at = timezone.make_aware(
                datetime.datetime.combine(day, plan.at)
                + datetime.timedelta(minutes=rng.randint(-20, 50))
            )
            if at >= now:
                continue
            log = CareLog(
                school=school,
                zone_id=plan.zone_id,
                plan=plan,
                task=plan.task,
                done_at=at,
                by=rng.choice(doers),
            )
            if plan.task == "spray":
                product, unit, note = rng.choice(PESTICIDES)
                log.product, log.amount, log.amount_unit = (
                    product,
                    Decimal(rng.choice([200, 300, 500])),
                    unit,
                )
                log.safety_note = note
                log.keep_off_until = at + datetime.timedelta(hours=48)
            logs.append(log)
    # One spray yesterday evening: the zone is "recently sprayed, keep off".
    sprayed = zones[0]
    at = timezone.make_aware(
        datetime.datetime.combine(yesterday, datetime.time(17, 10))
    )
    product, unit, note = PESTICIDES[0]
    logs.append(
        CareLog(
            school=school,
            zone=sprayed,
            task="spray",
            done_at=at,
            by=head,
            product=product,
            amount=Decimal(300),
            amount_unit=unit,
            safety_note=note,
            keep_off_until=at + datetime.timedelta(hours=48),
        )
    )
    created = CareLog.objects.bulk_create(logs, batch_size=1000)
    for log in created:
        if log.task == "fertilise":
            name, unit = rng.choice(FERTILISERS)
            materials.append(
                CareMaterial(
                    school=school,
                    log=log,
                    name=name,
                    quantity=Decimal(rng.choice([1, 2, 5])),
                    unit=unit,
                )
            )
        elif log.task == "spray":
            materials.append(
                CareMaterial(
                    school=school,
                    log=log,
                    name=log.product,
                    quantity=log.amount,
                    unit=log.amount_unit,
                )
            )
    CareMaterial.objects.bulk_create(materials, batch_size=1000)
    _scores(school, zones, diligence, keepers, term, head, rng, today)


def _scores(school, zones, diligence, keepers, term, head, rng, today):
    inspections = []
    week = monday_of(term.first_day)
    last_week = monday_of(today) - datetime.timedelta(days=7)
    weeks = 0
    while week <= min(last_week, term.last_day):
        weeks += 1
        for zone in zones:
            base = 4 + 6 * diligence[zone.pk] + min(weeks, 12) * 0.05
            scores = {
                name: max(0, min(10, round(rng.gauss(base, 0.9))))
                for name in SCORE_FIELDS
            }
            problem = ""
            if rng.random() < 0.04:
                problem = rng.choice(PROBLEMS)
            inspections.append(
                Inspection(
                    school=school,
                    zone=zone,
                    week=week,
                    inspected_at=timezone.make_aware(
                        datetime.datetime.combine(
                            week + datetime.timedelta(days=4), datetime.time(15, 30)
                        )
                    ),
                    by=head,
                    total=sum(scores.values()),
                    school_class=zone.school_class,
                    problem=problem,
                    remarks=rng.choice(
                        ["", "", "花开正好", "有少量杂草", "落叶未及时清扫", "整洁"]
                    ),
                    **scores,
                )
            )
        week += datetime.timedelta(days=7)
    created = Inspection.objects.bulk_create(inspections, batch_size=1000)
    through = Inspection.keepers.through
    through.objects.bulk_create(
        [
            through(inspection_id=i.pk, user_id=person.pk)
            for i in created
            for person in keepers[i.zone_id]
        ],
        batch_size=1000,
    )


def _scale(school, campus, species, head, term, scale, today):
    """About scale/200 more zones (at most 500), with plants, plans and scores."""
    wanted = min(500, scale // 200)
    have = Zone.objects.filter(school=school, name__startswith="片区").count()
    if have >= wanted:
        return
    rng = random.Random(scale)
    zones = [
        Zone(
            school=school,
            name=f"片区{n:04d}",
            kind="green_area",
            campus=campus,
            area=Decimal(rng.randrange(50, 900)),
            standard=STANDARDS["green_area"],
        )
        for n in range(have + 1, wanted + 1)
    ]
    zones = Zone.objects.bulk_create(zones)
    Plant.objects.bulk_create(
        [
            Plant(
                school=school,
                zone=zone,
                species=rng.choice(species),
                count=rng.randint(1, 20),
            )
            for zone in zones
            for _ in range(4)
        ]
    )
    _care_plans(school, zones, term)
    diligence = {zone.pk: rng.uniform(0.55, 0.98) for zone in zones}
    _scores(school, zones, diligence, {z.pk: [] for z in zones}, term, head, rng, today)
