"""Renders the checker's HTML form from the engine's question data."""

import json
from html import escape

STRINGS = {
    "fi": {
        "loading": "Pythonia ladataan selaimeesi… Voit täyttää lomaketta sillä välin.",
        "ready": "Python on valmis. Vastauksesi käsitellään vain tässä selaimessa.",
        "waiting": "Tarkistus alkaa heti, kun Python on latautunut…",
        "failed": "Tarkistinta ei voitu käynnistää tässä selaimessa. Yritä uudelleen tai käytä alla olevaa kriteerilistaa.",
        "retry": "Yritä uudelleen",
        "submit": "Tarkista kelpoisuus",
        "yes": "Kyllä",
        "no": "Ei",
        "unknown": "En tiedä",
        "errorPrefix": "Virhe",
        "errorSummary": "Tarkista vastaukset",
        "advisory": "suositus",
        "nextStep": "Seuraava askel",
        "rulesVersion": "Sääntöjen versio",
        "noscript": "Vuorovaikutteinen tarkistus vaatii JavaScriptin. Kelpoisuuskriteerit ovat luettavissa tämän sivun taulukossa.",
        "verdict": {
            "eligible": "Kelpoisuuskriteerit täyttyvät",
            "not_eligible": "Kelpoisuuskriteerit eivät vielä täyty",
            "incomplete": "Tulos jää avoimeksi: osa tiedoista puuttuu",
        },
        "status": {"met": "Täyttyy", "not_met": "Ei täyty", "unknown": "Ei tiedossa", "waived": "Vapautettu"},
    },
    "en": {
        "loading": "Loading Python into your browser… You can fill in the form meanwhile.",
        "ready": "Python is ready. Your answers are processed only in this browser.",
        "waiting": "The check will run as soon as Python has loaded…",
        "failed": "The checker could not start in this browser. Try again, or use the criteria list below.",
        "retry": "Try again",
        "submit": "Check eligibility",
        "yes": "Yes",
        "no": "No",
        "unknown": "Don't know",
        "errorPrefix": "Error",
        "errorSummary": "Check your answers",
        "advisory": "advisory",
        "nextStep": "Next step",
        "rulesVersion": "Rules version",
        "noscript": "The interactive check needs JavaScript. The eligibility criteria can be read in the table on this page.",
        "verdict": {
            "eligible": "The eligibility criteria are met",
            "not_eligible": "The eligibility criteria are not met yet",
            "incomplete": "No verdict yet: some answers are missing",
        },
        "status": {"met": "Met", "not_met": "Not met", "unknown": "Unknown", "waived": "Waived"},
    },
}


def _options(question, strings):
    if question["type"] == "boolean":
        return [("true", strings["yes"]), ("false", strings["no"])]
    return [(option["value"], option["label"]) for option in question.get("options") or []]


def _field(question, strings):
    qid = escape(question["id"])
    hint_id, error_id = f"q-{qid}-hint", f"q-{qid}-error"
    hint = f'<p class="checker-hint" id="{hint_id}">{escape(question["hint"])}</p>' if question.get("hint") else ""
    error = f'<p class="checker-error" id="{error_id}" hidden></p>'
    described = f"{hint_id} {error_id}" if hint else error_id
    kind = question["type"]
    if kind in ("boolean", "choice", "multi"):
        input_type = "checkbox" if kind == "multi" else "radio"
        choices = [
            f'<label class="checker-option"><input type="{input_type}" name="{qid}" value="{escape(value)}"> {escape(label)}</label>'
            for value, label in _options(question, strings)
        ]
        if kind != "multi":
            choices.append(
                f'<label class="checker-option"><input type="radio" name="{qid}" value="" checked> {escape(strings["unknown"])}</label>'
            )
        return (
            f'<fieldset class="checker-field" id="q-{qid}" aria-describedby="{described}">'
            f"<legend>{escape(question['label'])}</legend>{hint}{error}"
            f'<div class="checker-options">{"".join(choices)}</div></fieldset>'
        )
    attributes = 'type="text" inputmode="decimal"' if kind in ("number", "integer") else 'type="month"'
    if kind not in ("number", "integer", "month"):
        attributes = 'type="text"'
    return (
        f'<div class="checker-field" id="q-{qid}">'
        f'<label for="q-{qid}-input">{escape(question["label"])}</label>{hint}{error}'
        f'<input id="q-{qid}-input" name="{qid}" {attributes} autocomplete="off" aria-describedby="{described}">'
        "</div>"
    )


def render_form(questions, lang, *, pyodide_version, package_name, script_url):
    """The checker's markup: status line, form, error summary and result slot."""
    strings = STRINGS[lang]
    groups = {}
    for question in questions:
        groups.setdefault((question["group"], question["group_title"]), []).append(question)
    fieldsets = "".join(
        f'<fieldset class="checker-group" id="group-{escape(group)}"><legend>{escape(title)}</legend>'
        + "".join(_field(q, strings) for q in items)
        + "</fieldset>"
        for (group, title), items in groups.items()
    )
    config = {
        "lang": lang,
        "pyodide": pyodide_version,
        "package": package_name,
        "strings": strings,
        "questions": [{"id": q["id"], "type": q["type"]} for q in questions],
    }
    config_json = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
    return (
        f'<div class="checker" id="checker-app" data-python="idle">'
        f'<noscript><p class="checker-noscript">{escape(strings["noscript"])}</p></noscript>'
        f'<p class="checker-status" id="checker-status" role="status" aria-live="polite"></p>'
        f'<p><button type="button" class="md-button" id="checker-retry" hidden>{escape(strings["retry"])}</button></p>'
        f'<div class="checker-error-summary" id="checker-error-summary" role="alert" tabindex="-1" '
        f'aria-labelledby="checker-error-title" hidden></div>'
        f'<form id="checker-form" novalidate hidden>{fieldsets}'
        f'<button type="submit" class="md-button md-button--primary">{escape(strings["submit"])}</button></form>'
        f'<section class="checker-result" id="checker-result" tabindex="-1" aria-labelledby="checker-result-title" '
        f'aria-live="polite" hidden></section>'
        f'<script type="application/json" id="checker-config">{config_json}</script>'
        f'<script type="module" src="{escape(script_url)}"></script>'
        "</div>"
    )
