"""The rules engine: checked answers -> result.

All criteria, thresholds and texts come from ``rules.toml``; this module
only knows the generic rule kinds (at_least, distinct_at_least, is_true,
choice, any_of), the waiver mechanics and how to put a result together.
"""

from __future__ import annotations

from ._rules import GROUPS, LANGS, QUESTIONS, RULES, RULES_VERSION, SOURCES
from ._text import fmt_date, fmt_eur, fmt_number, month_index, month_str, month_words, pick, render
from ._validate import validate_answers

STATUSES = ("met", "not_met", "unknown", "waived")


# -- helpers -------------------------------------------------------------------


def _source(sid: str, lang: str) -> dict:
    s = SOURCES[sid]
    out = {"id": sid, "url": s["url"], "title": s["title"], "accessed": s["accessed"]}
    if "published" in s:
        out["published"] = s["published"]
    return out


def _option_shorts(qid: str, lang: str) -> dict:
    return {o["value"]: pick(o.get("short", o["label"]), lang) for o in QUESTIONS[qid]["options"]}


def _threshold_ctx(rule: dict, lang: str) -> dict:
    t = rule.get("threshold")
    return {"threshold": fmt_number(t, lang)} if t is not None else {}


def _missing(threshold, value):
    """threshold - value, exact for integers, tidy for floats."""
    if isinstance(threshold, int) and isinstance(value, int):
        return threshold - value
    return round(threshold - value, 10)


# -- rule kinds ----------------------------------------------------------------


def _compare(value, threshold, ctx, lang):
    """A count or amount against its minimum: met, or not met with what is missing."""
    ctx["value"] = fmt_number(value, lang)
    if value >= threshold:
        return "met", "met", ctx, {"value": value}
    missing = _missing(threshold, value)
    ctx["missing"] = fmt_number(missing, lang)
    return "not_met", "not_met", ctx, {"value": value, "missing": missing}


def _apply_rule(rule: dict, clean: dict, lang: str):
    """Return (status, case, ctx, counts) for one rule: ctx holds formatted
    numbers for the texts, counts the raw ones for plural forms."""
    kind = rule["kind"]
    ctx = _threshold_ctx(rule, lang)
    if kind == "at_least":
        v = clean[rule["field"]]
        if v is None:
            return "unknown", "unknown", ctx, None
        return _compare(v, rule["threshold"], ctx, lang)
    if kind == "distinct_at_least":
        v = clean[rule["field"]]
        if v is None:
            return "unknown", "unknown", ctx, None
        shorts = _option_shorts(rule["field"], lang)
        ctx["types_paren"] = f" ({', '.join(shorts[x] for x in v)})" if v else ""
        return _compare(len(set(v)), rule["threshold"], ctx, lang)
    if kind == "is_true":
        v = clean[rule["field"]]
        if v is None:
            return "unknown", "unknown", ctx, None
        return ("met", "met", ctx, None) if v else ("not_met", "not_met", ctx, None)
    if kind == "choice":
        v = clean[rule["field"]]
        if v is None:
            return "unknown", "unknown", ctx, None
        return rule["cases"][v], v, ctx, None
    if kind == "any_of":
        all_known = True
        known_false = []
        for cond in rule["conditions"]:
            v = clean[cond["field"]]
            if v is None:
                all_known = False
                continue
            if "contains" in cond and cond["contains"] in v:
                return "met", cond["case"], ctx, None
            if "equals" in cond and v == cond["equals"] and type(v) is type(cond["equals"]):
                return "met", cond["case"], ctx, None
            known_false.append(cond)
        if all_known:
            return "not_met", "not_met", ctx, None
        if known_false and "false_case" in known_false[0]:
            return "unknown", f"unknown_{known_false[0]['false_case']}", ctx, None
        return "unknown", "unknown", ctx, None
    raise ValueError(f"rules.toml: unknown rule kind {kind!r}")  # a rules-file bug


def _texts_for(texts: dict, case: str, status: str):
    return texts.get(case) or texts.get(status)


def _judge(item: dict, clean: dict, lang: str, required: bool, recognised) -> dict:
    status, case, ctx, counts = _apply_rule(item["rule"], clean, lang)
    message = render(_texts_for(item["messages"], case, status), lang, ctx, counts)
    next_step = render(_texts_for(item["next_step"], case, status), lang, ctx, counts)
    waiver = RULES["waiver"]
    if required and recognised is True:
        if item["id"] in waiver["covers"] and status in ("not_met", "unknown"):
            status = "waived"
            message = f"{message} {pick(waiver['note'], lang)}"
            next_step = pick(waiver["next_step"], lang)
        elif item["id"] in waiver["not_covered"] and status != "met":
            message = f"{message} {pick(waiver['not_covered_note'], lang)}"
    tctx = _threshold_ctx(item["rule"], lang)
    out = {
        "id": item["id"],
        "required": required,
        "status": status,
        "status_label": pick(RULES["ui"]["status"][status], lang),
        "name": pick(item["name"], lang),
        "message": message,
        "next_step": next_step,
        "requirement": render(item["threshold_text"], lang, tctx),
    }
    if "explanation" in item:
        out["explanation"] = render(item["explanation"], lang, tctx)
    out["threshold"] = item["rule"].get("threshold")
    out["source"] = _source(item["source"], lang)
    return out


# -- verdict -------------------------------------------------------------------


def _verdict(criteria: list[dict], lang: str) -> tuple[str, str]:
    failed = [c for c in criteria if c["required"] and c["status"] == "not_met"]
    open_ = [c for c in criteria if c["required"] and c["status"] == "unknown"]
    s = RULES["summary"]
    if failed:
        verdict, group = "not_eligible", failed
    elif open_:
        verdict, group = "incomplete", open_
    else:
        verdict, group = "eligible", []
    if group:
        names = ", ".join(c["name"] for c in group)
        summary = render(s[verdict], lang, {"names": names}, len(group))
    else:
        summary = pick(s[verdict], lang)
    if any(c["status"] == "waived" for c in criteria):
        summary = f"{summary} {pick(s['waived_note'], lang)}"
    return verdict, summary


# -- timeline ------------------------------------------------------------------


def _event(eid: str, idx: int, texts: dict, lang: str) -> dict:
    return {"id": eid, "month": month_str(idx), "text": render(texts[eid], lang, month_words(idx, lang))}


def _timeline(clean: dict, lang: str):
    tl = RULES["timeline"]
    out = {"bronze": None, "silver": None, "notes": []}
    b_month = clean.get("bronze_interview_month")
    s_month = clean.get("silver_assessment_month")
    if b_month is None and s_month is None:
        return None
    if b_month is not None:
        b = tl["bronze"]
        i = month_index(b_month)
        valid_until = i + b["validity_months"] - 1
        renew_by = valid_until + b["renewal_grace_months"]
        renewed = valid_until + b["renewal_extension_months"]
        w_from = i + b["silver_window_from_months"]
        w_to = i + b["silver_window_to_months"]
        ev = b["events"]
        events = [
            _event("interview", i, ev, lang),
            _event("silver_window_from", w_from, ev, lang),
            _event("valid_until", valid_until, ev, lang),
            _event("silver_window_to", w_to, ev, lang),
            _event("renew_by", renew_by, ev, lang),
            _event("valid_until_if_renewed", renewed, ev, lang),
        ]
        events.sort(key=lambda e: e["month"])  # stable: equal months keep the order above
        out["bronze"] = {
            "interview_month": b_month,
            "valid_until": month_str(valid_until),
            "renew_by": month_str(renew_by),
            "valid_until_if_renewed": month_str(renewed),
            "silver_second_benchmarking": {"from": month_str(w_from), "to": month_str(w_to)},
            "events": events,
            "source": _source(b["source"], lang),
            "silver_window_source": _source(b["silver_window_source"], lang),
        }
        out["notes"] = [pick(b["interpretation"], lang), pick(b["article_difference"], lang)]
    if s_month is not None:
        sv = tl["silver"]
        i = month_index(s_month)
        valid_until = i + sv["validity_months"] - 1
        renew_by = valid_until + sv["renewal_grace_months"]
        ev = sv["events"]
        out["silver"] = {
            "assessment_month": s_month,
            "valid_until": month_str(valid_until),
            "renew_by": month_str(renew_by),
            "events": [
                _event("assessment", i, ev, lang),
                _event("valid_until", valid_until, ev, lang),
                _event("renew_by", renew_by, ev, lang),
            ],
            "source": _source(sv["source"], lang),
        }
        if not out["notes"]:
            out["notes"] = [pick(tl["bronze"]["interpretation"], lang)]
    return out


# -- Silver, Gold, fees --------------------------------------------------------


def next_labels(lang: str) -> dict:
    out = {}
    for lid, lab in RULES["labels"].items():
        entry = {
            "id": lid,
            "name": pick(lab["name"], lang),
            "requirements": list(pick(lab["requirements"], lang)),
            "validity": pick(lab["validity"], lang),
            "source": _source(lab["source"], lang),
        }
        if "caveat" in lab:
            entry["caveat"] = pick(lab["caveat"], lang)
        out[lid] = entry
    fees = RULES["fees"]
    src = SOURCES[fees["source"]]
    seen = render(RULES["notes"]["seen"], lang, {"date": fmt_date(src["accessed"], lang)})
    out["fees"] = {
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
        "source": _source(fees["source"], lang),
    }
    return out


# -- public entry points ---------------------------------------------------------


def lang_error(lang) -> dict | None:
    if isinstance(lang, str) and lang in LANGS:
        return None
    got = lang if isinstance(lang, str) else repr(lang)
    got = got if len(got) <= 40 else got[:39] + "…"
    return {"field": "lang", "message": RULES["errors"]["lang"]["en"].format(got=got)}


def error_result(errors: list[dict], lang: str) -> dict:
    return {"errors": errors, "lang": lang, "rules_version": RULES_VERSION}


def evaluate_checked(answers, lang):
    le = lang_error(lang)
    if le:
        errors, _ = validate_answers(answers, "en")
        return error_result([le, *errors], "en")
    errors, clean = validate_answers(answers, lang)
    if errors:
        return error_result(errors, lang)
    recognised = clean[RULES["waiver"]["field"]]
    criteria = [_judge(c, clean, lang, True, recognised) for c in RULES["criteria"]]
    advice = [_judge(a, clean, lang, False, recognised) for a in RULES["advisory"]]
    verdict, summary = _verdict(criteria, lang)
    counts = {s: sum(1 for c in criteria if c["status"] == s) for s in STATUSES}
    waiver = RULES["waiver"]
    return {
        "verdict": verdict,
        "verdict_label": pick(RULES["ui"]["verdict"][verdict], lang),
        "summary": summary,
        "counts": counts,
        "criteria": criteria,
        "advice": advice,
        "waiver": {
            "claimed": recognised,
            "covers": list(waiver["covers"]),
            "not_covered": list(waiver["not_covered"]),
            "applied_to": [c["id"] for c in criteria if c["status"] == "waived"],
            "message": pick(waiver["summary"], lang),
            "source": _source(waiver["source"], lang),
        },
        "timeline": _timeline(clean, lang),
        "next_labels": next_labels(lang),
        "rules_version": RULES_VERSION,
        "lang": lang,
    }


def questions(lang: str = "fi") -> list[dict]:
    """The answer schema in display order, texts in `lang`."""
    if lang_error(lang):
        lang = "en"
    ui = RULES["ui"]
    out = []
    order = list(GROUPS)
    for q in sorted(RULES["questions"], key=lambda q: order.index(q["group"])):
        t = q["type"]
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
                "group_title": pick(GROUPS[q["group"]]["title"], lang),
                "type": t,
                "short": pick(q["short"], lang),
                "label": pick(q["label"], lang),
                "hint": pick(q["hint"], lang),
                "min": q.get("min"),
                "max": q.get("max"),
                "step": q.get("step"),
                "options": options,
            }
        )
    return out


def groups(lang: str = "fi") -> list[dict]:
    if lang_error(lang):
        lang = "en"
    return [
        {
            "id": g["id"],
            "title": pick(g["title"], lang),
            "questions": [q["id"] for q in RULES["questions"] if q["group"] == g["id"]],
        }
        for g in RULES["groups"]
    ]


def ui_texts(lang: str = "fi") -> dict:
    """Labels for statuses, verdicts and headings, for the page script."""
    if lang_error(lang):
        lang = "en"
    ui = RULES["ui"]
    out = {}
    for key, val in ui.items():
        if key in ("status", "verdict"):
            out[key] = {k: pick(v, lang) for k, v in val.items()}
        else:
            out[key] = pick(val, lang)
    return out
