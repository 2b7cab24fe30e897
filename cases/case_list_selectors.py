"""The case list as a work list: its criteria (filters, search term, sorting), the visible cases in
that order, one page of them with what a row shows, the sortable headers, and a user's saved
searches. Every query starts from `privacy.policy.cases_visible_to` / `running_cases_visible_to`.

A search term never travels in a URL (ASVS 8.3.1): the view stores it as the user's last search
(`cases.models.SavedCaseFilter`) and links to that row by its opaque key; filters without personal
data (programme, phase, AVE level) and the sort and page may stay in the query string."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case as DbCase
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When, Window
from django.db.models.functions import Now, RowNumber
from django.http import Http404

from partners.models import User
from privacy.policy import cases_visible_to, running_cases_visible_to
from programmes.models import Programme

from .models import (
    LAST_SEARCH,
    AveLevel,
    Case,
    Meeting,
    MeetingStatus,
    Person,
    Phase,
    PlanAction,
    ProcessPlan,
    SavedCaseFilter,
    TimelineEntry,
)
from .models.plan import OPEN_STATUSES

# The phase filter of the case list: empty = running cases (the working list), ALL_PHASES = running
# and closed, or one phase.
ALL_PHASES = "alle"
DEFAULT_SORT = "-opened_on"
QUERY_MAX_LENGTH = 100


# --- What a row shows besides the case's own columns: one correlated subquery each, answered from
# an index per case (plans by (case, number), actions by plan, meetings by case, the timeline by
# (case, -created_at)), so the page's 25 rows cost no extra query and sorting on them scans only
# the user's visible cases.


def _next_deadline():
    """The earliest deadline of an action still open in the case's latest plan version (earlier
    versions keep copies of carried actions, which are not the case's work any more)."""
    newer_plan = ProcessPlan.objects.filter(case_id=OuterRef("plan__case_id"), number__gt=OuterRef("plan__number"))
    return Subquery(
        PlanAction.objects.filter(plan__case_id=OuterRef("pk"), status__in=OPEN_STATUSES)
        .exclude(Exists(newer_plan))
        .order_by("deadline")
        .values("deadline")[:1]
    )


def _next_meeting():
    return Subquery(
        Meeting.objects.filter(case_id=OuterRef("pk"), status=MeetingStatus.PLANNED, starts_at__gte=Now())
        .order_by("starts_at")
        .values("starts_at")[:1]
    )


def _last_activity():
    return Subquery(
        TimelineEntry.objects.filter(case_id=OuterRef("pk")).order_by("-created_at").values("created_at")[:1]
    )


ROW_ANNOTATIONS = {"next_deadline": _next_deadline, "next_meeting": _next_meeting, "last_activity": _last_activity}

_PHASE_RANK = DbCase(
    *(When(phase=value, then=Value(rank)) for rank, value in enumerate(Phase.values)), default=Value(99)
)


@dataclass(frozen=True)
class SortColumn:
    """A sortable column: `key` in `?sorteer=` (with "-" for descending), the header's label, the
    direction a first click sorts in, and what it orders by (`annotation`: a ROW_ANNOTATIONS name)."""

    key: str
    label: str
    first_descending: bool = False
    annotation: str = ""

    def order_by(self, descending: bool) -> list:
        if self.annotation:
            value = F(self.annotation)
        elif self.key == "phase":
            value = _PHASE_RANK
        elif self.key == "programme":
            value = F("programme__code")
        else:
            value = F(self.key)
        # Rows without a value (no open action, no meeting planned) last in both directions; the
        # unique reference last of all, so equal values keep one order across pages.
        ordered = value.desc(nulls_last=True) if descending else value.asc(nulls_last=True)
        return [ordered, "-reference" if descending else "reference"]


SORT_COLUMNS = {
    column.key: column
    for column in (
        SortColumn("reference", "Kenmerk"),
        SortColumn("programme", "Programma"),
        SortColumn("phase", "Fase"),
        SortColumn("ave_level", "AVE", first_descending=True),
        SortColumn("next_deadline", "Eerstvolgende deadline", annotation="next_deadline"),
        SortColumn("next_meeting", "Volgend overleg", annotation="next_meeting"),
        SortColumn("last_activity", "Laatste activiteit", first_descending=True, annotation="last_activity"),
        SortColumn("opened_on", "Start", first_descending=True),
    )
}
# The sort control of the form (works without the headers, and is what a saved filter keeps).
SORT_CHOICES = [
    ("-opened_on", "Nieuwste eerst"),
    ("opened_on", "Oudste eerst"),
    ("next_deadline", "Eerstvolgende deadline eerst"),
    ("next_meeting", "Eerstvolgend overleg eerst"),
    ("-last_activity", "Laatste activiteit eerst"),
    ("-ave_level", "Hoogste AVE-niveau eerst"),
    ("reference", "Kenmerk"),
    ("phase", "Fase"),
    ("programme", "Programma"),
]
# "Mijn werkvoorraad": my running cases, the first deadline first (a plain link: no personal data).
WORKLIST_SORT = "next_deadline"


def sort_column(sort: str) -> tuple[SortColumn, bool]:
    """The whitelisted column and direction of a `?sorteer=` value; anything else is the default."""
    descending = sort.startswith("-")
    column = SORT_COLUMNS.get(sort.removeprefix("-"))
    if column is None:
        return sort_column(DEFAULT_SORT)
    return column, descending


def clean_sort(value) -> str:
    column, descending = sort_column(str(value or DEFAULT_SORT))
    return f"-{column.key}" if descending else column.key


# --- Criteria -----------------------------------------------------------------------------------


def clean_criteria(raw: dict) -> dict:
    """The list's criteria from the form or a stored filter, under their internal names; an unknown
    AVE level, programme code or sort means no such filter (a stored filter may outlive a value)."""
    try:
        ave_level = int(str(raw.get("ave_level") or 0))
    except ValueError:
        ave_level = 0
    phase = str(raw.get("phase") or "")
    return {
        "query": " ".join(str(raw.get("query") or "").split())[:QUERY_MAX_LENGTH],
        "programme": str(raw.get("programme") or "")[:20],
        "phase": phase if phase in Phase.values or phase == ALL_PHASES else "",
        "ave_level": ave_level if ave_level in AveLevel.values else None,
        "sort": clean_sort(raw.get("sort")),
    }


# The query-string (and form) names of the criteria.
PARAM_NAMES = {"query": "q", "programme": "programma", "phase": "fase", "ave_level": "ave", "sort": "sorteer"}


def criteria_from_params(params) -> dict:
    return clean_criteria({name: params.get(param, "") for name, param in PARAM_NAMES.items()})


def plain_querystring(criteria: dict) -> str:
    """The filters without personal data as a query string (no search term, no sort, no page)."""
    from django.http import QueryDict  # import here: only the view's links need it

    params = QueryDict(mutable=True)
    for name in ("programme", "phase", "ave_level"):
        if criteria.get(name):
            params[PARAM_NAMES[name]] = criteria[name]
    return params.urlencode()


def has_filters(criteria: dict) -> bool:
    return bool(criteria["query"] or criteria["programme"] or criteria["phase"] or criteria["ave_level"])


def case_list_choices(sort: str = DEFAULT_SORT) -> dict:
    """The options of the list's filter and sort controls; a sort chosen by a column header that
    the control does not offer is added, so that submitting the form (or saving it) keeps it."""
    options = SORT_CHOICES
    if sort not in dict(SORT_CHOICES):
        column, descending = sort_column(sort)
        options = [*SORT_CHOICES, (sort, f"{column.label} ({'aflopend' if descending else 'oplopend'})")]
    return {
        "programmes": Programme.objects.all(),
        "phases": Phase.choices,
        "ave_levels": AveLevel.choices,
        "sort_options": options,
        "worklist_sort": WORKLIST_SORT,
    }


# --- Saved searches -----------------------------------------------------------------------------


@dataclass
class SavedFilters:
    named: list[SavedCaseFilter]
    asked: SavedCaseFilter | None  # the row `?filter=` named, when it is this user's


def saved_filters_of(user: User, asked_key: str = "") -> SavedFilters:
    """The user's named filters (the page's links) and the row `asked_key` names, in one query.
    A key that is not one of this user's (another user's, a stale or made-up one) gives `asked`
    None; the view answers 404 and logs the refusal."""
    rows = list(SavedCaseFilter.objects.filter(user=user).filter(~Q(name=LAST_SEARCH) | Q(key=asked_key[:32])))
    asked = next((row for row in rows if asked_key and row.key == asked_key), None)
    return SavedFilters(named=[row for row in rows if not row.is_last_search], asked=asked)


class SavedFilterNotFound(Http404):
    """A `?filter=` key that is not one of the user's own: a 404 that does not say whether it exists."""


# --- The list -------------------------------------------------------------------------------------


def case_list(
    *,
    user: User,
    query: str = "",
    programme: str = "",
    phase: str = "",
    ave_level: int | None = None,
    sort: str = DEFAULT_SORT,
) -> QuerySet[Case]:
    """The cases `user` may see that match the criteria, in the asked order."""
    if phase == ALL_PHASES or phase == Phase.AFGESLOTEN:
        cases = cases_visible_to(user)
    else:
        cases = running_cases_visible_to(user)  # reads only the running cases' grants
    if programme:
        cases = cases.filter(programme__code=programme)
    if phase and phase != ALL_PHASES:
        cases = cases.filter(phase=phase)
    if ave_level:
        cases = cases.filter(ave_level=ave_level)
    query = query.strip()
    if query:
        # A person of the case whose names hold every word. The case's own copy of its persons'
        # names (`person_search_text`, one line each) is tested first, from the covering index;
        # only cases whose copy holds every word, or who keep no copy, have their persons looked
        # up (the copy alone would also match words spread over two persons). Same words, same
        # functions: any person that matches also matches in the copy.
        name_match = Person.objects.filter(case=OuterRef("pk"))
        no_copy, words_in_copy = Q(person_search_text=""), Q()
        for word in query.split()[:5]:
            words_in_copy &= Q(person_search_text__icontains=word)
            name_match = name_match.filter(
                Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(name_prefix__iexact=word)
            )
        cases = cases.filter(Q(reference__icontains=query) | ((no_copy | words_in_copy) & Exists(name_match)))
    column, descending = sort_column(sort)
    if column.annotation:  # only the sort's own subquery runs over the whole visible set
        cases = cases.annotate(**{column.annotation: ROW_ANNOTATIONS[column.annotation]()})
    return cases.order_by(*column.order_by(descending))


def _with_list_relations(cases: QuerySet[Case]) -> QuerySet[Case]:
    """What a row of the case list shows, and only that: a wider row costs time in every one of
    the 25 rows (and a field the template reads but this omits shows up as an extra query in
    tests/test_query_counts.py). The deadline, meeting and activity columns come in the same query."""
    return (
        cases.select_related("programme", "procesregisseur")
        .only(*LIST_ROW_FIELDS)
        .annotate(**{name: make() for name, make in ROW_ANNOTATIONS.items()})
        .prefetch_related(
            Prefetch("persons", queryset=Person.objects.only(*LIST_PERSON_FIELDS).order_by("created_at", "pk"))
        )
    )


LIST_ROW_FIELDS = (
    "reference", "phase", "ave_level", "opened_on", "programme__code", "procesregisseur_id",
    "procesregisseur__username", "procesregisseur__first_name", "procesregisseur__last_name",
)  # fmt: skip
LIST_PERSON_FIELDS = ("case_id", "first_name", "name_prefix", "last_name", "created_at")


def case_list_page(*, user: User, page_number, page_size: int, **criteria) -> tuple[Page, list[Case]]:
    """One page of `case_list` in two steps (issue 8):

    1. one query numbers the visible set in list order and keeps the rows of the asked page, each
       with the total beside it (ROW_NUMBER() and COUNT(*) OVER ()): a procesregisseur with ten
       years of history sees a thousand cases or more, and a search tests each of them, so they are
       filtered and sorted once, not once for the count and again for the page. A page past the
       end (a stale link) gives the last page in that same query, as `Paginator.get_page` would;
    2. only the page's 25 cases are then joined with programme and regisseur, get their deadline,
       meeting and activity columns, and their persons.

    The same number of queries whatever the page, the criteria or the size of the database."""
    visible = case_list(user=user, **criteria)
    numbered = visible.annotate(
        total=Window(Count("pk")), position=Window(RowNumber(), order_by=list(visible.query.order_by))
    ).values_list("pk", "total", "position")
    rows = _page_rows(numbered, asked_start=(_page_number(page_number) - 1) * page_size, page_size=page_size)
    total = rows[0][1] if rows else 0
    number = (rows[0][2] - 1) // page_size + 1 if rows else 1
    paginator = Paginator([], page_size)
    paginator.count = total  # known from the query above; Paginator would count again
    ids = [pk for pk, _, _ in rows]
    page = Page(ids, number, paginator)
    # The ids come from the visible set above, so the page's rows need no second permission join.
    by_id = {case.pk: case for case in _with_list_relations(Case.objects.filter(pk__in=ids))}
    return page, [by_id[pk] for pk in ids]


def _page_rows(numbered: QuerySet, *, asked_start: int, page_size: int) -> list[tuple[int, int, int]]:
    """The rows of one page of (pk, total, position) rows: those after `asked_start`, or the last
    page when that lies past the end. Written out because Django's own filtering on window
    functions compiles a query three levels deep, which cost more than the query itself."""
    sql, params = numbered.query.sql_with_params()
    last_start = "((numbered.total - 1) / %s * %s)"  # integer division: where the last page starts
    start = f"(CASE WHEN %s < {last_start} THEN %s ELSE {last_start} END)"
    with connection.cursor() as cursor:
        # Only Django's compiled SQL and the fixed text above; every value goes as a parameter.
        cursor.execute(
            f"SELECT * FROM ({sql}) numbered WHERE numbered.position > {start} "  # noqa: S608 # nosec B608
            f"AND numbered.position <= {start} + %s ORDER BY numbered.position",
            [*params, *([asked_start, page_size, page_size, asked_start, page_size, page_size] * 2), page_size],
        )
        return cursor.fetchall()


def _page_number(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), 100_000)  # beyond any real list; keeps the number a sane integer


# --- The table's head -----------------------------------------------------------------------------


def sort_headers(sort: str) -> dict[str, dict]:
    """Per sortable column: the `?sorteer=` value its header link asks for (the other direction when
    it is the current sort, else the column's first direction) and its `aria-sort` ("ascending",
    "descending", or "" for a column the list is not sorted by)."""
    current, descending = sort_column(sort)
    headers = {}
    for key, column in SORT_COLUMNS.items():
        if column is current:
            next_descending, aria = not descending, "descending" if descending else "ascending"
        else:
            next_descending, aria = column.first_descending, ""
        headers[key] = {
            "label": column.label,
            "sort": f"-{key}" if next_descending else key,
            "aria_sort": aria,
            "next_direction": "aflopend" if next_descending else "oplopend",
        }
    return headers


def shows_regisseur_column(user: User, cases: list[Case]) -> bool:
    """The procesregisseur column only when a row is someone else's: in one's own cases it would
    repeat one's own name on every row."""
    return any(case.procesregisseur_id != user.pk for case in cases)
