"""Renders the checker's HTML form from the engine's question data."""

import json
from html import escape

STRINGS = {
    "fi": {
        "loading": "Pythonia ladataan selaimeesi… Voit täyttää lomaketta sillä välin.",
        "ready": "Tarkistin on valmis. Vastauksesi käsitellään vain tässä selaimessa.",
        "waiting": "Tarkistus tehdään heti, kun Python on latautunut…",
        "updated": "Tulos päivitetty",
        "failed": "Tarkistinta ei voitu käynnistää tässä selaimessa. Yritä uudelleen. "
        "Voit myös verrata tilannettanne alla olevaan kriteeritaulukkoon.",
        "retry": "Yritä uudelleen",
        "submit": "Tarkista kelpoisuus",
        "blankUnknown": "Jätä tyhjäksi, jos et tiedä.",
        "multiUnknown": "Jos et tiedä, jätä kaikki valitsematta.",
        "errorPrefix": "Virhe",
        "fieldless": "Vastauksissa",
        "change": "Muuta vastauksia",
        "share": "Kopioi linkki vastauksiin",
        "shared": "Linkki kopioitu. Vastaukset ovat osoitteen #-osassa, jota selain ei lähetä palvelimelle.",
        "sharedNoClipboard": "Vastaukset ovat nyt selaimen osoiterivillä; kopioi osoite sieltä. "
        "Osoitteen #-osaa selain ei lähetä palvelimelle.",
        "print": "Tulosta tulos",
        "checked": "Tarkistettu",
        "address": "Osoite",
        "noscript": "Vuorovaikutteinen tarkistus vaatii JavaScriptin. Kelpoisuuskriteerit ja niiden lähteet "
        "ovat tämän sivun taulukossa, jota voit käyttää tarkistuslistana.",
    },
    "en": {
        "loading": "Loading Python into your browser… You can fill in the form meanwhile.",
        "ready": "The checker is ready. Your answers are processed only in this browser.",
        "waiting": "The check will run as soon as Python has loaded…",
        "updated": "Result updated",
        "failed": "The checker could not start in this browser. Please try again. "
        "You can also compare your situation with the criteria table below.",
        "retry": "Try again",
        "submit": "Check eligibility",
        "blankUnknown": "Leave empty if you don't know.",
        "multiUnknown": "If you don't know, leave all unticked.",
        "errorPrefix": "Error",
        "fieldless": "Answers",
        "change": "Change your answers",
        "share": "Copy a link to these answers",
        "shared": "Link copied. The answers are in the part of the address after #, which browsers never send to a server.",
        "sharedNoClipboard": "The answers are now in your browser's address bar; copy the address from there. "
        "Browsers never send the part after # to a server.",
        "print": "Print the result",
        "checked": "Checked",
        "address": "Address",
        "noscript": "The interactive check needs JavaScript. The eligibility criteria and their sources are in "
        "the table on this page, which you can use as a checklist.",
    },
}


def _options(question, texts):
    if question["type"] == "boolean":
        return [("true", texts["yes"]), ("false", texts["no"])]
    return [(option["value"], option["label"]) for option in question.get("options") or []]


def _hint(question, texts):
    """The engine's hint, plus how to answer "don't know" where a blank means it."""
    hint = question.get("hint") or ""
    blank = {"multi": texts["multiUnknown"], "number": texts["blankUnknown"], "integer": texts["blankUnknown"]}
    blank["month"] = texts["blankUnknown"]
    mentions_unknown = any(word in hint for word in ("tiedä", "know"))
    extra = "" if mentions_unknown else blank.get(question["type"], "")
    return " ".join(part for part in (hint, extra) if part)


def _field(question, texts):
    qid = escape(question["id"])
    hint_id, error_id = f"q-{qid}-hint", f"q-{qid}-error"
    hint = _hint(question, texts)
    hint_html = f'<p class="checker-hint" id="{hint_id}">{escape(hint)}</p>' if hint else ""
    error = f'<p class="checker-error" id="{error_id}" hidden></p>'
    described = f"{hint_id} {error_id}" if hint else error_id
    kind = question["type"]
    if kind in ("boolean", "choice", "multi"):
        input_type = "checkbox" if kind == "multi" else "radio"
        choices = [
            f'<label class="checker-option"><input type="{input_type}" name="{qid}" value="{escape(str(value))}"> '
            f"{escape(label)}</label>"
            for value, label in _options(question, texts)
        ]
        if kind != "multi":
            choices.append(
                f'<label class="checker-option"><input type="radio" name="{qid}" value="" checked> '
                f"{escape(texts['dont_know'])}</label>"
            )
        return (
            f'<fieldset class="checker-field" id="q-{qid}" aria-describedby="{described}">'
            f"<legend>{escape(question['label'])}</legend>{hint_html}{error}"
            f'<div class="checker-options">{"".join(choices)}</div></fieldset>'
        )
    if kind in ("number", "integer"):
        attributes = f'type="text" inputmode="{"decimal" if kind == "number" else "numeric"}"'
    elif kind == "month":
        attributes = 'type="month" min="2000-01" max="2099-12"'
    else:
        attributes = 'type="text"'
    return (
        f'<div class="checker-field" id="q-{qid}">'
        f'<label for="q-{qid}-input">{escape(question["label"])}</label>{hint_html}{error}'
        f'<input id="q-{qid}-input" name="{qid}" {attributes} autocomplete="off" aria-describedby="{described}">'
        "</div>"
    )


def render_form(questions, ui_texts, lang, *, pyodide_version, package_name, snapshot_name, script_url):
    """The checker's markup: status line, form, error summary and result slot."""
    texts = {**ui_texts, **STRINGS[lang]}
    groups = {}
    for question in questions:
        groups.setdefault((question["group"], question["group_title"]), []).append(question)
    fieldsets = "".join(
        f'<fieldset class="checker-group" id="group-{escape(group)}"><legend>{escape(title)}</legend>'
        + "".join(_field(q, texts) for q in items)
        + "</fieldset>"
        for (group, title), items in groups.items()
    )
    config = {
        "lang": lang,
        "pyodide": pyodide_version,
        "package": package_name,
        "snapshot": snapshot_name,
        "texts": texts,
        "questions": [{"id": q["id"], "type": q["type"]} for q in questions],
    }
    config_json = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
    return (
        '<div class="checker" id="checker-app" data-python="idle">'
        f'<noscript><p class="checker-noscript">{escape(texts["noscript"])}</p></noscript>'
        '<div class="checker-live" hidden>'
        '<p class="checker-status" id="checker-status" role="status" aria-live="polite"></p>'
        f'<p><button type="button" class="md-button" id="checker-retry" hidden>{escape(texts["retry"])}</button></p>'
        "</div>"
        '<div class="checker-error-summary" id="checker-error-summary" tabindex="-1" '
        'aria-labelledby="checker-error-title" hidden></div>'
        f'<form id="checker-form" novalidate hidden>{fieldsets}'
        f'<button type="submit" class="md-button md-button--primary">{escape(texts["submit"])}</button></form>'
        '<section class="checker-result" id="checker-result" tabindex="-1" aria-labelledby="checker-result-title" '
        "hidden></section>"
        f'<script type="application/json" id="checker-config">{config_json}</script>'
        f'<script type="module" src="{escape(script_url)}"></script>'
        "</div>"
    )
