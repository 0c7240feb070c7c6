"""What apps plug into the core's pages, filled by each app's ``AppConfig.ready()``.

The core never imports an app: the navigation, the home page's cards and the demo
data builder ask this registry, like ``admin.site.register``. Removing an app from
``INSTALLED_APPS`` removes its entries and leaves the rest running.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    # "app.codename", or a tuple of them of which any will do, or a callable(user);
    # empty means every signed-in user.
    permission: str | tuple[str, ...] | Callable = ""
    order: int = 100
    icon: str = ""


@dataclass(frozen=True)
class HomeCard:
    """One box on the home page: a title, a number and where it leads."""

    title: str
    count: int
    url: str = ""
    tone: str = "primary"  # primary, warning, danger, success
    # True: something waiting for the user ("待我处理"); False: a figure to know
    # (e.g. the assets one holds), shown apart under "at a glance".
    todo: bool = True


@dataclass(frozen=True)
class RecentRequest:
    """One of the user's own requests, for the home page's list."""

    title: str
    url: str
    status: str
    when: object  # an aware datetime


@dataclass(frozen=True)
class FileKind:
    """Uploaded files of one model: which fields hold them, and who may open them.

    ``visible_to(user)`` is the queryset of the model's rows whose files ``user``
    may open: the app's own visibility rule for the document the file belongs to
    (the rows whose page would answer 200), never a second copy of it.
    ``permission`` is the one that document's page requires.
    """

    model: type
    fields: tuple[str, ...]
    visible_to: Callable
    permission: str = ""

    @property
    def key(self):
        return self.model._meta.label_lower


@dataclass(frozen=True)
class ApprovalKind:
    """A kind of document that goes through the core's approval chains
    (``logistics/approvals/``), declared by the app that owns it.

    The callables take the document; ``on_approved`` and ``on_rejected`` are
    called by the core, inside the decision's transaction with the document row
    locked, so the app moves the document through its own service.
    """

    key: str  # "assets.disposal": the app's label and the document
    label: str  # "Asset disposals"
    model: str  # "assets.Disposal"
    requester: Callable  # document -> the user who asked
    title: Callable  # document -> what people call it ("Disposal of ZC-0001 …")
    # (document, *, decision) when the last step approves / a step rejects;
    # ``decision`` is the ApprovalDecision: decided_by, comment, summary.
    on_approved: Callable
    on_rejected: Callable
    amount: Callable | None = None  # document -> Decimal yuan, or None (no bands)
    url: Callable | None = None  # document -> its page (default get_absolute_url)
    # (user, document) -> whether the user may see the document (besides its
    # requester and deciders, who always may).
    visible_to: Callable | None = None
    # The chain a school starts with (logistics.approvals.defaults.Step tuples);
    # None: the core's default for this key, if it has one.
    default_steps: tuple | None = None

    def document_url(self, document):
        return self.url(document) if self.url else document.get_absolute_url()


@dataclass(frozen=True)
class Waiting:
    """A document waiting too long for one person, as a reminder source reports it.

    ``document``: a workflow document (it has ``get_absolute_url`` and a timeline);
    ``person``: who it waits for; ``since``: when the wait began (assigned at, the
    deadline passed at…); ``urgent``: the reminder goes out at once whatever the
    person chose; ``text``: what to remind of ("BX2025000042: not started yet").
    """

    document: object
    person: object
    since: object  # an aware datetime
    text: str = ""
    urgent: bool = False


@dataclass
class Registry:
    nav: list[NavItem] = field(default_factory=list)
    # callables(user) -> iterable of HomeCard
    home_cards: list[Callable] = field(default_factory=list)
    # callables(user) -> iterable of RecentRequest
    recent_requests: list[Callable] = field(default_factory=list)
    # callables(school, *, scale, stdout) run by seed_demo, in order of registration
    seeders: list[tuple[int, Callable]] = field(default_factory=list)
    # kind ("asset", "location"…) -> callables(user, key) -> iterable of RecentRequest:
    # how one app shows another's records about a thing without importing it.
    related: dict[str, list[Callable]] = field(default_factory=dict)
    # kind -> callable(user, key) -> (label, url) or None: which app owns a thing
    # named by a real-world key (an asset number) and where its page is.
    resolvers: dict[str, Callable] = field(default_factory=dict)
    # kind ("assets.export"…) -> handler(job=…, progress=…) -> JobFile: what a
    # background job of that kind does (logistics/jobs/services.py).
    job_kinds: dict[str, Callable] = field(default_factory=dict)
    # "app.NAME" -> logistics.rules.Rule: what a school may decide for itself,
    # declared by each app (``logistics.rules.declare_rules``), edited per school.
    rules: dict[str, object] = field(default_factory=dict)
    # "app.model" -> FileKind: uploaded files that pages show, served only
    # through logistics.files to those who may see their document.
    files: dict[str, FileKind] = field(default_factory=dict)
    # "app.document" -> ApprovalKind: documents decided through approval chains.
    approval_kinds: dict[str, ApprovalKind] = field(default_factory=dict)
    # key ("repairs.not_started"…) -> callable(*, school_id, now) -> iterable of
    # Waiting: documents waiting for someone, reminded on the school's schedule
    # (logistics/notices/reminders.py).
    reminder_sources: dict[str, Callable] = field(default_factory=dict)
    # "app.name" -> callable: a service one app offers the others (procurement's
    # acceptance asks for "supplies.receive"), found without importing the app.
    services: dict[str, Callable] = field(default_factory=dict)
    # callables(school_id, year) -> logistics.annual.Section or None: each app's
    # part of the annual logistics report.
    annual_sections: list[Callable] = field(default_factory=list)
    # NavItems of the reports each app keeps (its statistics, its budget report…),
    # listed on /reports/ for those who may open them.
    reports: list[NavItem] = field(default_factory=list)

    def add_nav(self, item: NavItem):
        if all(existing.url_name != item.url_name for existing in self.nav):
            self.nav.append(item)
            self.nav.sort(key=lambda i: i.order)

    def add_report(self, item: NavItem):
        if all(existing.url_name != item.url_name for existing in self.reports):
            self.reports.append(item)
            self.reports.sort(key=lambda i: i.order)

    def add_annual_section(self, func: Callable):
        if func not in self.annual_sections:
            self.annual_sections.append(func)

    def add_home_cards(self, func: Callable):
        if func not in self.home_cards:
            self.home_cards.append(func)

    def add_recent_requests(self, func: Callable):
        if func not in self.recent_requests:
            self.recent_requests.append(func)

    def add_seeder(self, func: Callable, order: int = 100):
        if all(existing is not func for _order, existing in self.seeders):
            self.seeders.append((order, func))
            self.seeders.sort(key=lambda pair: pair[0])

    def add_related(self, kind: str, func: Callable):
        funcs = self.related.setdefault(kind, [])
        if func not in funcs:
            funcs.append(func)

    def related_for(self, kind, user, key):
        """Every installed app's records about ``key`` that ``user`` may see."""
        return [row for func in self.related.get(kind, ()) for row in func(user, key)]

    def add_job_kind(self, kind: str, handler: Callable):
        self.job_kinds[kind] = handler

    def add_resolver(self, kind: str, func: Callable):
        self.resolvers[kind] = func

    def resolve(self, kind, user, key):
        """(label, url) of the thing ``key`` names, None if unknown; KeyError if no
        installed app knows this kind of thing."""
        return self.resolvers[kind](user, key)

    def add_rule(self, rule):
        """Declare one of a school's rules; declaring the same key again replaces it."""
        self.rules[rule.key] = rule

    def add_files(self, model, *, fields, visible_to, permission=""):
        """Declare ``model``'s file ``fields``, opened by those who may see the row
        (``visible_to(user)`` → queryset) and hold ``permission``."""
        kind = FileKind(model, tuple(fields), visible_to, permission)
        self.files[kind.key] = kind

    def files_of(self, model):
        """The FileKind of ``model``; KeyError when its files were never declared
        (a page must not show a file nobody checks)."""
        return self.files[model._meta.label_lower]

    def add_approval_kind(self, kind: ApprovalKind):
        """Declare a kind of document approved through the core's chains; the same
        key declared again replaces it."""
        self.approval_kinds[kind.key] = kind

    def approval_kind(self, key):
        """The declared kind; KeyError when no installed app declares it."""
        return self.approval_kinds[key]

    def add_reminder_source(self, key: str, func: Callable):
        """Declare documents that wait for someone: ``func(*, school_id, now)``
        yields ``Waiting`` rows; the core reminds each person on the school's
        schedule and notes it on the document's timeline."""
        self.reminder_sources[key] = func

    def add_service(self, key: str, func: Callable):
        """Offer ``func`` to the other apps as ``key`` ("supplies.receive")."""
        self.services[key] = func

    def service(self, key: str):
        """The service offered as ``key``, or None when the app offering it is not
        installed: the caller then says so clearly instead of failing."""
        return self.services.get(key)

    def nav_for(self, user):
        return [item for item in self.nav if may_open(user, item.permission)]


def may_open(user, permission):
    """Whether ``user`` holds ``permission`` ("app.codename"), or any of a tuple of
    them, or passes it when it is a callable(user); an empty one is every
    signed-in user's."""
    if not permission:
        return True
    if callable(permission):
        return permission(user)
    if isinstance(permission, str):
        return user.has_perm(permission)
    return any(user.has_perm(one) for one in permission)


registry = Registry()
