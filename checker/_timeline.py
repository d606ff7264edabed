"""The label timeline: Bronze (first or renewed) and Silver, from the
answers `bronze_benchmarking`, `bronze_interview_month`,
`bronze_previous_valid_until` and `silver_assessment_month`.

Every period comes from ``[timeline]`` in ``rules.toml``, whose comments
explain the reading of the sources (the anniversary month, the seamless
renewal, the late renewal, the unanswered case). The events come out merged
and ordered by month, Bronze and Silver together (ties keep the order in
which they are listed here), so no renderer sorts or merges; every event and
note is already in the visitor's language, and every note names its source.
"""

from __future__ import annotations

from typing import Any

from ._rules import QUESTIONS, RULES, source_of
from ._text import month_ctx, month_index, month_label, month_str, month_words, pick, render
from ._types import BronzeTimeline, LabelId, SilverTimeline, Timeline, TimelineEvent, TimelineNote, Window

KIND = "bronze_benchmarking"
INTERVIEW = "bronze_interview_month"
PREVIOUS = "bronze_previous_valid_until"
SILVER = "silver_assessment_month"


class _Builder:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.events: list[TimelineEvent] = []
        self.notes: list[TimelineNote] = []

    def event(self, label: LabelId, eid: str, idx: int) -> None:
        texts = RULES["timeline"][label]["events"][eid]
        self.events.append(
            {
                "label": label,
                "id": eid,
                "month": month_str(idx),
                "month_label": month_label(idx, self.lang),
                "text": render(texts, self.lang, month_words(idx, self.lang)),
            }
        )

    def note(self, nid: str, ctx: dict[str, str] | None = None) -> None:
        note = RULES["timeline"]["notes"][nid]
        self.notes.append(
            {"id": nid, "text": render(note["text"], self.lang, ctx), "source": source_of(note["source"])}
        )

    def short(self, qid: str) -> str:
        return str(pick(QUESTIONS[qid]["short"], self.lang))

    def ordered(self) -> list[TimelineEvent]:
        return sorted(self.events, key=lambda e: e["month"])  # stable: ties keep the order of addition


def _idx(value: Any) -> int | None:
    return month_index(value) if isinstance(value, str) else None


def _basis(kind: Any, interview: int | None, previous: int | None, grace: int) -> str | None:
    if kind == "renewal":
        if previous is None:
            return "renewal_missing_previous" if interview is not None else None
        if interview is None:
            return "renewal_planned"
        return "renewal_late" if interview > previous + grace else "renewal"
    if interview is None:
        return None
    return "first" if kind == "first" else "first_assumed"


def unused_answers(clean: dict[str, Any], lang: str) -> dict[str, str]:
    """The timeline answers given but not used, with the reason to show."""
    kind, interview, previous = clean[KIND], clean[INTERVIEW], clean[PREVIOUS]
    grace = RULES["timeline"]["bronze"]["renewal_grace_months"]
    notes = RULES["answer_notes"]
    out: dict[str, str] = {}
    if previous is not None and kind == "first":
        out[PREVIOUS] = str(pick(notes[PREVIOUS]["first"], lang))
    elif previous is not None and kind is None and interview is None:
        out[PREVIOUS] = str(pick(notes[PREVIOUS]["no_interview"], lang))
    if kind is not None and _basis(kind, _idx(interview), _idx(previous), grace) is None:
        out[KIND] = str(pick(notes[KIND]["no_months"], lang))
    return out


def _bronze(clean: dict[str, Any], b: _Builder) -> tuple[BronzeTimeline | None, int | None]:
    """The Bronze part, and the month of the first benchmarking if known."""
    cfg = RULES["timeline"]["bronze"]
    grace, ext = cfg["renewal_grace_months"], cfg["renewal_extension_months"]
    i, p = _idx(clean[INTERVIEW]), _idx(clean[PREVIOUS])
    basis = _basis(clean[KIND], i, p, grace)
    if basis is None:
        return None, None
    valid_until = renew_by = renewed = None
    window: Window | None = None
    first = None
    if basis in ("first", "first_assumed") and i is not None:
        first = i
        valid_until = i + cfg["validity_months"]
        renew_by, renewed = valid_until + grace, valid_until + ext
        w_from, w_to = i + cfg["silver_window_from_months"], i + cfg["silver_window_to_months"]
        window = {
            "from": month_str(w_from),
            "to": month_str(w_to),
            "from_label": month_label(w_from, b.lang),
            "to_label": month_label(w_to, b.lang),
        }
        for eid, idx in (
            ("interview", i),
            ("silver_window_from", w_from),
            ("valid_until", valid_until),
            ("silver_window_to", w_to),
            ("renew_by", renew_by),
            ("valid_until_if_renewed", renewed),
        ):
            b.event("bronze", eid, idx)
        b.note("interpretation")
        if basis == "first_assumed":
            if p is not None:
                b.note("first_assumed_with_previous", {"question": b.short(KIND), **month_words(p + ext, b.lang)})
            else:
                b.note("first_assumed", {"question": b.short(KIND)})
    elif basis == "renewal" and i is not None and p is not None:
        valid_until = p + ext
        renew_by, renewed = valid_until + grace, valid_until + ext
        for eid, idx in (
            ("previous_valid_until", p),
            ("renewal_interview", i),
            ("renewed_valid_until", valid_until),
            ("renew_by", renew_by),
            ("valid_until_if_renewed", renewed),
        ):
            b.event("bronze", eid, idx)
        b.note("renewal_rule")
    elif basis == "renewal_planned" and p is not None:
        valid_until, renew_by, renewed = p, p + grace, p + ext
        for eid, idx in (("previous_valid_until", p), ("renew_by", renew_by), ("valid_until_if_renewed", renewed)):
            b.event("bronze", eid, idx)
        b.note("renewal_rule")
    elif basis == "renewal_late" and i is not None and p is not None:
        for eid, idx in (("previous_valid_until", p), ("renew_by", p + grace), ("renewal_interview", i)):
            b.event("bronze", eid, idx)
        b.note("renewal_late", {**month_ctx("interview", i, b.lang), **month_ctx("deadline", p + grace, b.lang)})
    elif basis == "renewal_missing_previous" and i is not None:
        b.event("bronze", "renewal_interview", i)
        b.note("renewal_missing_previous", {"question": b.short(PREVIOUS)})
    b.note("article_difference")

    def month(idx: int | None) -> str | None:
        return month_str(idx) if idx is not None else None

    bronze: BronzeTimeline = {
        "basis": basis,  # type: ignore[typeddict-item]  # one of the literal bases above
        "interview_month": clean[INTERVIEW],
        "previous_valid_until": clean[PREVIOUS] if basis.startswith("renewal") else None,
        "valid_until": month(valid_until),
        "renew_by": month(renew_by),
        "valid_until_if_renewed": month(renewed),
        "silver_second_benchmarking": window,
        "source": source_of(cfg["source"]),
        "silver_window_source": source_of(cfg["silver_window_source"]),
    }
    return bronze, first


def _silver(clean: dict[str, Any], first: int | None, b: _Builder) -> SilverTimeline | None:
    s = _idx(clean[SILVER])
    if s is None:
        return None
    cfg = RULES["timeline"]["silver"]
    valid_until = s + cfg["validity_months"]
    renew_by = valid_until + cfg["renewal_grace_months"]
    for eid, idx in (("assessment", s), ("valid_until", valid_until), ("renew_by", renew_by)):
        b.event("silver", eid, idx)
    b.note("silver_interpretation")
    bronze_cfg = RULES["timeline"]["bronze"]
    if first is not None:
        w_from, w_to = first + bronze_cfg["silver_window_from_months"], first + bronze_cfg["silver_window_to_months"]
        if not w_from <= s <= w_to:
            ctx = {
                **month_ctx("silver", s, b.lang),
                **month_ctx("bronze", first, b.lang),
                **month_ctx("window_from", w_from, b.lang),
                **month_ctx("window_to", w_to, b.lang),
            }
            b.note("silver_outside_window", ctx)
    return {
        "assessment_month": month_str(s),
        "valid_until": month_str(valid_until),
        "renew_by": month_str(renew_by),
        "source": source_of(cfg["source"]),
    }


def build_timeline(clean: dict[str, Any], lang: str) -> Timeline | None:
    """The timeline for checked answers, or None when no label month is given."""
    b = _Builder(lang)
    bronze, first = _bronze(clean, b)
    silver = _silver(clean, first, b)
    if bronze is None and silver is None:
        return None
    return {"bronze": bronze, "silver": silver, "events": b.ordered(), "notes": b.notes}
