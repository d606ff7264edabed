"""The rules engine: checked answers -> result.

All criteria, thresholds and texts come from ``rules.toml``; this module
only knows the generic rule kinds (one function each in ``RULE_KINDS``:
at_least, distinct_at_least, is_true, choice, any_of), the waiver
mechanics, the conditions of the next steps and how to put a result
together (shape: :mod:`checker._types`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Context, Decimal
from typing import Any

from ._numbers import canonical
from ._rules import LANGS, QUESTIONS, RULES, RULES_VERSION, SOURCES, source_of
from ._text import clean, fmt_date, fmt_eur, fmt_number, month_ctx, month_index, month_label, pick, render
from ._timeline import build_timeline, unused_answers
from ._types import (
    Answer,
    AnswerValue,
    Counts,
    Criterion,
    ErrorEntry,
    ErrorResult,
    Fees,
    Group,
    Label,
    Link,
    NextLabels,
    NextStep,
    Option,
    Question,
    Result,
    Timeline,
)
from ._validate import Clean, Errors, example, validate_answers

STATUSES = ("met", "not_met", "unknown", "waived")

# What a rule gives: (status, case, ctx, counts). `case` picks the texts;
# `ctx` holds formatted numbers for the placeholders, `counts` the raw ones
# for plural forms.
Outcome = tuple[str, str, dict[str, str], dict[str, Any] | None]
UNKNOWN = "unknown"


# -- helpers -------------------------------------------------------------------


def as_decimal(x: float | Decimal) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(repr(x)) if isinstance(x, float) else Decimal(x)


def exact_difference(a: Decimal, b: Decimal) -> Decimal:
    """a - b with no rounding, however many digits they have."""
    exponents = [int(x.as_tuple().exponent) for x in (a, b)]
    digits = max(a.adjusted(), b.adjusted(), 0) - min(*exponents, 0) + 2
    return Context(prec=max(28, digits)).subtract(a, b)


def threshold_ctx(rule: Mapping[str, Any], lang: str) -> dict[str, str]:
    """The {threshold} placeholder of a rule's texts (also the site's table)."""
    t = rule.get("threshold")
    return {"threshold": fmt_number(t, lang)} if t is not None else {}


def _option_shorts(qid: str, lang: str) -> dict[str, str]:
    return {o["value"]: pick(o.get("short", o["label"]), lang) for o in QUESTIONS[qid]["options"]}


# -- rule kinds ----------------------------------------------------------------


def _compare(value: Decimal, threshold: Decimal, ctx: dict[str, str], lang: str) -> Outcome:
    """A count or amount against its minimum: met, or not met with exactly
    what is missing (never shown as 0: every digit is kept)."""
    ctx["value"] = fmt_number(value, lang)
    if value >= threshold:
        return "met", "met", ctx, {"value": value}
    missing = exact_difference(threshold, value)
    ctx["missing"] = fmt_number(missing, lang)
    return "not_met", "not_met", ctx, {"value": value, "missing": missing}


def _at_least(rule: Mapping[str, Any], clean: Mapping[str, Clean], lang: str) -> Outcome:
    ctx = threshold_ctx(rule, lang)
    v = clean[rule["field"]]
    if v is None or not isinstance(v, (int, Decimal)):
        return UNKNOWN, UNKNOWN, ctx, None
    return _compare(as_decimal(v), as_decimal(rule["threshold"]), ctx, lang)


def _distinct_at_least(rule: Mapping[str, Any], clean: Mapping[str, Clean], lang: str) -> Outcome:
    ctx = threshold_ctx(rule, lang)
    v = clean[rule["field"]]
    if not isinstance(v, list):
        return UNKNOWN, UNKNOWN, ctx, None
    shorts = _option_shorts(rule["field"], lang)
    ctx["types_paren"] = f" ({', '.join(shorts[x] for x in v)})" if v else ""
    return _compare(Decimal(len(set(v))), as_decimal(rule["threshold"]), ctx, lang)


def _is_true(rule: Mapping[str, Any], clean: Mapping[str, Clean], lang: str) -> Outcome:
    v = clean[rule["field"]]
    if v is None:
        return UNKNOWN, UNKNOWN, {}, None
    return ("met", "met", {}, None) if v is True else ("not_met", "not_met", {}, None)


def _choice(rule: Mapping[str, Any], clean: Mapping[str, Clean], lang: str) -> Outcome:
    v = clean[rule["field"]]
    if not isinstance(v, str):
        return UNKNOWN, UNKNOWN, {}, None
    return rule["cases"][v], v, {}, None


def _any_of(rule: Mapping[str, Any], clean: Mapping[str, Clean], lang: str) -> Outcome:
    """Met if any condition holds; not met if all are known false; else
    unknown ("unknown_<false_case>" when the first known-false condition
    names one)."""
    known_false = []
    all_known = True
    for cond in rule["conditions"]:
        v = clean[cond["field"]]
        if v is None:
            all_known = False
            continue
        if "contains" in cond and isinstance(v, list) and cond["contains"] in v:
            return "met", cond["case"], {}, None
        if "equals" in cond and v == cond["equals"] and type(v) is type(cond["equals"]):
            return "met", cond["case"], {}, None
        known_false.append(cond)
    if all_known:
        return "not_met", "not_met", {}, None
    if known_false and "false_case" in known_false[0]:
        return UNKNOWN, f"unknown_{known_false[0]['false_case']}", {}, None
    return UNKNOWN, UNKNOWN, {}, None


RULE_KINDS: dict[str, Callable[[Mapping[str, Any], Mapping[str, Clean], str], Outcome]] = {
    "at_least": _at_least,
    "distinct_at_least": _distinct_at_least,
    "is_true": _is_true,
    "choice": _choice,
    "any_of": _any_of,
}


def _texts_for(texts: Mapping[str, Any], case: str, status: str) -> Any:
    return texts.get(case) or texts.get(status)


def _judge(item: Mapping[str, Any], clean: Mapping[str, Clean], lang: str, required: bool) -> Criterion:
    status, case, ctx, counts = RULE_KINDS[item["rule"]["kind"]](item["rule"], clean, lang)
    message = render(_texts_for(item["messages"], case, status), lang, ctx, counts)
    step_texts = _texts_for(item.get("next_step", {}), case, status)
    next_step = render(step_texts, lang, ctx, counts) if step_texts else None
    waiver = RULES["waiver"]
    if required and clean[waiver["field"]] is True:
        if item["id"] in waiver["covers"] and status in ("not_met", "unknown"):
            status = "waived"
            message = f"{message} {pick(waiver['note'], lang)}"
            next_step = pick(waiver["next_step"], lang)
        elif item["id"] in waiver["not_covered"] and status != "met":
            message = f"{message} {pick(waiver['not_covered_note'], lang)}"
    ui = RULES["ui"]
    tctx = threshold_ctx(item["rule"], lang)
    out: Criterion = {
        "id": item["id"],
        "kind": "required" if required else "advisory",
        "kind_label": pick(ui["required" if required else "advisory"], lang),
        "required": required,
        "status": status,  # type: ignore[typeddict-item]  # one of STATUSES
        "status_label": pick(ui["status" if required else "advice_status"][status], lang),
        "name": pick(item["name"], lang),
        "message": message,
        "next_step": next_step,
        "requirement": render(item["threshold_text"], lang, tctx),
        "threshold": item["rule"].get("threshold"),
        "source": source_of(item["source"]),
    }
    if "explanation" in item:
        out["explanation"] = render(item["explanation"], lang, tctx)
    return out


# -- verdict -------------------------------------------------------------------


def _verdict(criteria: list[Criterion], lang: str) -> tuple[str, str]:
    failed = [c for c in criteria if c["status"] == "not_met"]
    open_ = [c for c in criteria if c["status"] == "unknown"]
    s = RULES["summary"]
    if failed:
        verdict, group = "not_eligible", failed
    elif open_:
        verdict, group = "incomplete", open_
    else:
        verdict, group = "eligible", []
    if group:
        summary = render(s[verdict], lang, {"names": ", ".join(c["name"] for c in group)}, len(group))
    else:
        summary = pick(s[verdict], lang)
    if any(c["status"] == "waived" for c in criteria):
        summary = f"{summary} {pick(s['waived_note'], lang)}"
    return verdict, summary


# -- the answers as read ---------------------------------------------------------


def form_order() -> list[dict[str, Any]]:
    """The questions in display order: by group, then as in the rules."""
    order = [g["id"] for g in RULES["groups"]]
    return sorted(RULES["questions"], key=lambda q: order.index(q["group"]))


def _display(q: Mapping[str, Any], value: Clean, lang: str) -> tuple[AnswerValue, str]:
    """(JSON value, text as read in `lang`) of a clean, known value."""
    ui = RULES["ui"]
    t = q["type"]
    if isinstance(value, bool):
        return value, pick(ui["yes"] if value else ui["no"], lang)
    if isinstance(value, Decimal):  # a number field: the exact decimal as a string
        return canonical(value), fmt_number(value, lang)
    if isinstance(value, int):
        return value, fmt_number(value, lang)
    labels = {o["value"]: pick(o["label"], lang) for o in q.get("options", [])}
    if isinstance(value, list):
        return list(value), ", ".join(labels[v] for v in value) or pick(ui["none_selected"], lang)
    if t == "month" and isinstance(value, str):
        return value, month_label(month_index(value), lang)
    return value, labels.get(value, str(value))


def _answers(clean: Mapping[str, Clean], lang: str) -> list[Answer]:
    unused = unused_answers(dict(clean), lang)
    ui = RULES["ui"]
    out: list[Answer] = []
    for q in form_order():
        qid = q["id"]
        value = clean[qid]
        if value is None:
            json_value: AnswerValue = None
            display, state, note = pick(ui["dont_know"], lang), "unknown", None
        else:
            json_value, display = _display(q, value, lang)
            note = unused.get(qid)
            state = "not_used" if note is not None else "answered"
        out.append(
            {
                "id": qid,
                "question": pick(q["short"], lang),
                "value": json_value,
                "display": display,
                "state": state,  # type: ignore[typeddict-item]  # answered | unknown | not_used
                "state_label": pick(ui["answer_state"][state], lang),
                "note": note,
            }
        )
    return out


# -- what happens next ----------------------------------------------------------


def _timeline_values(timeline: Timeline | None, lang: str) -> dict[str, dict[str, str]]:
    """The `when.timeline` values the timeline gives, with their placeholders."""
    out: dict[str, dict[str, str]] = {}
    bronze = timeline["bronze"] if timeline else None
    if bronze and bronze["renew_by"] and bronze["valid_until_if_renewed"]:
        out["bronze_renew_by"] = {
            **month_ctx("renew_by", month_index(bronze["renew_by"]), lang),
            **month_ctx("renewed_until", month_index(bronze["valid_until_if_renewed"]), lang),
        }
    if bronze and bronze["silver_second_benchmarking"]:
        w = bronze["silver_second_benchmarking"]
        out["silver_window"] = {
            **month_ctx("window_from", month_index(w["from"]), lang),
            **month_ctx("window_to", month_index(w["to"]), lang),
        }
    silver = timeline["silver"] if timeline else None
    if silver:
        out["silver_renew_by"] = month_ctx("silver_renew_by", month_index(silver["renew_by"]), lang)
    return out


def _next_steps(
    verdict: str, criteria: list[Criterion], applied: list[str], timeline: Timeline | None, lang: str
) -> list[NextStep]:
    status = {c["id"]: c["status"] for c in criteria}
    values = _timeline_values(timeline, lang)
    ctx = {
        "failed": ", ".join(c["name"] for c in criteria if c["status"] == "not_met"),
        "open": ", ".join(c["name"] for c in criteria if c["status"] == "unknown"),
    }
    steps: list[NextStep] = []
    for step in RULES["next_steps"]:
        when = step["when"]
        if "verdict" in when and verdict not in when["verdict"]:
            continue
        if any(status[cid] not in allowed for cid, allowed in when.get("status", {}).items()):
            continue
        if "waiver_applied" in when and bool(applied) != when["waiver_applied"]:
            continue
        if "timeline" in when and when["timeline"] not in values:
            continue
        fill = {**ctx, **values.get(when.get("timeline", ""), {})}
        links: list[Link] = [
            {"url": SOURCES[sid]["url"], "title": SOURCES[sid]["title"], "title_lang": SOURCES[sid]["title_lang"]}
            for sid in step.get("links", [])
        ]
        steps.append({"id": step["id"], "text": render(step["text"], lang, fill), "links": links})
    return steps


# -- Silver, Gold, fees --------------------------------------------------------


def next_labels(lang: str) -> NextLabels:
    labels: list[Label] = []
    for lid in ("silver", "gold"):
        lab = RULES["labels"][lid]
        entry: Label = {
            "id": lid,
            "name": pick(lab["name"], lang),
            "requirements": list(pick(lab["requirements"], lang)),
            "validity": pick(lab["validity"], lang),
            "sources": [source_of(sid) for sid in lab["sources"]],
        }
        if "caveat" in lab:
            entry["caveat"] = pick(lab["caveat"], lang)
        labels.append(entry)
    fees = RULES["fees"]
    src = SOURCES[fees["source"]]
    seen = render(RULES["notes"]["seen"], lang, {"date": fmt_date(src["accessed"], lang)})
    fee_table: Fees = {
        "currency": "EUR",
        "vat_included": fees["vat_included"],
        "date": fees.get("date"),  # the price list gives none
        "seen": src["accessed"],
        "note": render(fees["note"], lang, {"seen": seen}),
        "items": [
            {
                "id": f["id"],
                "label_id": f["label_id"],
                "label": pick(f["label"], lang),
                "amount_eur": f["amount_eur"],
                "amount": fmt_eur(f["amount_eur"], lang),
            }
            for f in fees["items"]
        ],
        "source": source_of(fees["source"]),
    }
    return {"labels": labels, "fees": fee_table}


# -- public entry points ---------------------------------------------------------


def valid_lang(lang: object) -> str | None:
    return lang if isinstance(lang, str) and lang in LANGS else None


def lang_error(lang: object) -> ErrorEntry | None:
    if valid_lang(lang):
        return None
    got = lang if isinstance(lang, str) else repr(lang)
    got = got if len(got) <= 40 else got[:39] + "…"
    return {"field": "lang", "message": RULES["errors"]["lang"]["en"].format(got=clean(got))}


def error_result(errors: list[ErrorEntry], lang: str) -> ErrorResult:
    return {"errors": errors, "lang": "fi" if lang == "fi" else "en", "rules_version": RULES_VERSION}


def evaluate_checked(answers: object, lang: object, errors: Errors | None = None) -> Result | ErrorResult:
    """The result for `answers` in `lang`; `errors` may carry problems found
    while reading the answers (duplicate keys) in a valid `lang`."""
    le = lang_error(lang)
    if le is not None:
        collected = Errors("en")
        collected.add_entry(le)
        for e in errors.items if errors else []:
            collected.add_entry(e)
        found, _ = validate_answers(answers, "en", collected)
        return error_result(found.entries(), "en")
    lang = str(lang)
    found, clean_values = validate_answers(answers, lang, errors)
    if found:
        return error_result(found.entries(), lang)
    criteria = [_judge(c, clean_values, lang, True) for c in RULES["criteria"]]
    advice = [_judge(a, clean_values, lang, False) for a in RULES["advisory"]]
    verdict, summary = _verdict(criteria, lang)
    counts: Counts = {
        "met": sum(c["status"] == "met" for c in criteria),
        "not_met": sum(c["status"] == "not_met" for c in criteria),
        "unknown": sum(c["status"] == "unknown" for c in criteria),
        "waived": sum(c["status"] == "waived" for c in criteria),
    }
    waiver = RULES["waiver"]
    applied = [c["id"] for c in criteria if c["status"] == "waived"]
    recognised = clean_values[waiver["field"]]
    timeline = build_timeline(dict(clean_values), lang)
    return {
        "verdict": verdict,  # type: ignore[typeddict-item]  # one of the three verdicts
        "verdict_label": pick(RULES["ui"]["verdict"][verdict], lang),
        "summary": summary,
        "counts": counts,
        "criteria": criteria,
        "advice": advice,
        "answers": _answers(clean_values, lang),
        "next_steps": _next_steps(verdict, criteria, applied, timeline, lang),
        "waiver": {
            "claimed": recognised if isinstance(recognised, bool) else None,
            "covers": list(waiver["covers"]),
            "not_covered": list(waiver["not_covered"]),
            "applied_to": applied,
            "message": pick(waiver["summary"], lang),
            "source": source_of(waiver["source"]),
        },
        "timeline": timeline,
        "next_labels": next_labels(lang),
        "rules_version": RULES_VERSION,
        "lang": "fi" if lang == "fi" else "en",
    }


def questions(lang: str = "fi") -> list[Question]:
    """The answer schema in display order, texts in `lang`."""
    lang = valid_lang(lang) or "en"
    ui = RULES["ui"]
    out: list[Question] = []
    for q in form_order():
        t = q["type"]
        options: list[Option] | None
        if t == "boolean":
            options = [{"value": True, "label": pick(ui["yes"], lang)}, {"value": False, "label": pick(ui["no"], lang)}]
        elif t in ("choice", "multi"):
            options = [{"value": o["value"], "label": pick(o["label"], lang)} for o in q["options"]]
        else:
            options = None
        out.append(
            {
                "id": q["id"],
                "group": q["group"],
                "group_title": pick(next(g for g in RULES["groups"] if g["id"] == q["group"])["title"], lang),
                "type": t,
                "short": pick(q["short"], lang),
                "label": pick(q["label"], lang),
                "hint": pick(q["hint"], lang),
                "min": q.get("min"),
                "max": q.get("max"),
                "step": q.get("step"),
                "example": example(q, lang) if "example" in q else None,
                "options": options,
                "ask_if": dict(q["ask_if"]) if "ask_if" in q else None,  # type: ignore[typeddict-item]
            }
        )
    return out


def groups(lang: str = "fi") -> list[Group]:
    lang = valid_lang(lang) or "en"
    return [
        {
            "id": g["id"],
            "title": pick(g["title"], lang),
            "questions": [q["id"] for q in RULES["questions"] if q["group"] == g["id"]],
        }
        for g in RULES["groups"]
    ]


def _pick_all(node: Any, lang: str) -> Any:
    if isinstance(node, dict) and not set(node) & set(LANGS):
        return {k: _pick_all(v, lang) for k, v in node.items()}
    return pick(node, lang)


def ui_texts(lang: str = "fi") -> dict[str, Any]:
    """Labels for statuses, verdicts and headings, for the page script:
    each text of [ui] in `lang` (nested tables stay nested)."""
    lang = valid_lang(lang) or "en"
    return {k: _pick_all(v, lang) for k, v in RULES["ui"].items()}
