"""The result shape: what :func:`checker.evaluate` returns, as TypedDicts.

This is the contract the browser page (``checker.js``), the CLI and the
printout render; they only render, so everything they show is here, already
in the visitor's language. ``mypy --strict`` checks the engine against it.

Months are "YYYY-MM" strings with a `*_label` / ``month_label`` beside them
("marraskuu 2027" / "November 2027"). Every `source` is a :class:`Source`.
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict, final

Lang = Literal["fi", "en"]
Status = Literal["met", "not_met", "unknown", "waived"]
Verdict = Literal["eligible", "not_eligible", "incomplete"]
AnswerState = Literal["answered", "unknown", "not_used"]
LabelId = Literal["bronze", "silver"]
# An answer's clean value: number fields give a decimal string ("0.5", exact),
# integer fields an int, booleans a bool, choices a str, multi a list[str],
# months "YYYY-MM"; null when unknown.
AnswerValue = str | int | bool | list[str] | None


class ErrorEntry(TypedDict):
    """One problem with the answers: `field` is the question id (or the
    offending key, or "lang"), null for the answers as a whole."""

    field: str | None
    message: str


@final  # lets type checkers tell the two results apart by their keys
class ErrorResult(TypedDict):
    """Invalid answers: at most 20 errors, then one "…and N more" entry."""

    errors: list[ErrorEntry]
    lang: Lang
    rules_version: str


class Source(TypedDict):
    id: str
    url: str
    title: str
    title_lang: Lang  # the title's language: mark it where it differs from the page's
    accessed: str  # "YYYY-MM-DD": seen by this date
    published: NotRequired[str]


class Link(TypedDict):
    url: str
    title: str
    title_lang: Lang


class Criterion(TypedDict):
    """A required criterion (`kind` "required") or an advisory point
    (`kind` "advisory", never blocking). `status_label` differs by kind:
    an advisory point that is not met reads "suositus ei toteudu" / "advice
    not followed", never like a failed requirement. `next_step` is null when
    there is nothing to do (a met criterion)."""

    id: str
    kind: Literal["required", "advisory"]
    kind_label: str
    required: bool
    status: Status
    status_label: str
    name: str
    message: str
    next_step: str | None
    requirement: str
    explanation: NotRequired[str]
    threshold: int | float | None
    source: Source


class Answer(TypedDict):
    """One question, in form order: `question` is its short name, `display`
    the value as read, formatted for the language ("1\u00a0000" / "0,5" /
    "Kyllä" / "marraskuu 2027" / "En tiedä"). `state` "not_used" means the
    answer was given but does not apply (`note` says why)."""

    id: str
    question: str
    value: AnswerValue
    display: str
    state: AnswerState
    state_label: str
    note: str | None


class NextStep(TypedDict):
    """A step of "what happens next", in order; `links` come from sources."""

    id: str
    text: str
    links: list[Link]


class Waiver(TypedDict):
    claimed: bool | None
    covers: list[str]
    not_covered: list[str]
    applied_to: list[str]
    message: str
    source: Source


# The window for the second Bronze benchmarking that Silver needs
# ("from" is a Python keyword, hence the functional form).
Window = TypedDict("Window", {"from": str, "to": str, "from_label": str, "to_label": str})


class BronzeTimeline(TypedDict):
    """`basis`: how the dates were computed: "first" (a first label),
    "first_assumed" (first or renewal not answered: read as a first label,
    with a note), "renewal", "renewal_planned" (renewal, no interview month
    yet: the deadline and the renewed validity), "renewal_missing_previous"
    (renewal without the current label's end: nothing computed) or
    "renewal_late" (interview more than the grace period after expiry: not a
    renewal by ESCA's rule, nothing computed)."""

    basis: Literal["first", "first_assumed", "renewal", "renewal_planned", "renewal_missing_previous", "renewal_late"]
    interview_month: str | None
    previous_valid_until: str | None
    valid_until: str | None
    renew_by: str | None
    valid_until_if_renewed: str | None
    silver_second_benchmarking: Window | None
    source: Source
    silver_window_source: Source


class SilverTimeline(TypedDict):
    assessment_month: str
    valid_until: str
    renew_by: str
    source: Source


class TimelineEvent(TypedDict):
    """Events come merged and ordered by month (ties keep the rules' order),
    Bronze and Silver together: renderers neither sort nor merge."""

    label: LabelId
    id: str
    month: str
    month_label: str
    text: str


class TimelineNote(TypedDict):
    id: str
    text: str
    source: Source


class Timeline(TypedDict):
    bronze: BronzeTimeline | None
    silver: SilverTimeline | None
    events: list[TimelineEvent]
    notes: list[TimelineNote]


class Label(TypedDict):
    id: str
    name: str
    requirements: list[str]
    validity: str
    sources: list[Source]  # every source the texts rest on
    caveat: NotRequired[str]


class FeeItem(TypedDict):
    id: str
    label_id: str
    label: str
    amount_eur: int
    amount: str


class Fees(TypedDict):
    currency: Literal["EUR"]
    vat_included: bool
    date: str | None
    seen: str
    note: str
    items: list[FeeItem]
    source: Source


class NextLabels(TypedDict):
    labels: list[Label]  # the labels after Bronze, in order: Silver, Gold
    fees: Fees


class Counts(TypedDict):
    met: int
    not_met: int
    unknown: int
    waived: int


@final
class Result(TypedDict):
    """Valid answers. `criteria` are the required criteria in the rules'
    order, `advice` the advisory points; `answers` lists every question in
    form order; `next_steps` is what to do next, fitted to the result;
    `timeline` is null when no label month was given."""

    verdict: Verdict
    verdict_label: str
    summary: str
    counts: Counts
    criteria: list[Criterion]
    advice: list[Criterion]
    answers: list[Answer]
    next_steps: list[NextStep]
    waiver: Waiver
    timeline: Timeline | None
    next_labels: NextLabels
    rules_version: str
    lang: Lang


EvaluateResult = Result | ErrorResult


class Option(TypedDict):
    value: str | bool
    label: str


class AskIf(TypedDict):
    field: str
    equals: str | bool


class Question(TypedDict):
    """A question of the form, texts in the language asked for. `ask_if`:
    show the question only when another answer has a value (else null)."""

    id: str
    group: str
    group_title: str
    type: Literal["number", "integer", "boolean", "choice", "multi", "month"]
    short: str
    label: str
    hint: str
    min: int | float | str | None
    max: int | float | str | None
    step: int | float | None
    example: str | None
    options: list[Option] | None
    ask_if: AskIf | None


class Group(TypedDict):
    id: str
    title: str
    questions: list[str]
