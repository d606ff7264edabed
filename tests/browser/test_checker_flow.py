"""The checker as people expect it (usability review H1, H2, M1, M5, M6, L1,
L4; reliability review A3, A7, A12, A13, A21): answers survive a language
switch and travel in no request or storage; the address holds answers only
where the visitor put them; a shared link opens at the verdict; the outcome
ends with numbered next steps; the answers are listed with change links."""

import json
import re

import pytest
from playwright.sync_api import expect

import checker
from sitebuild.languages import t

from .helpers import CHECKER, PYTHON_START_TIMEOUT, RESULT_SHOWN, open_checker, statuses, storage_dump, submit, wait_for

pytestmark = pytest.mark.browser

OTHER = {"fi": "en", "en": "fi"}
SECRET_MEMBERS = "4817"


def verdict(lang, key):
    return checker.ui_texts(lang)["verdict"][key]


def switch_language(page, lang):
    """Choose the other language from Material's language menu, as a visitor would."""
    page.locator(".md-header__option .md-select").first.hover()
    page.locator(f"a.md-select__link[hreflang={lang}]").click()
    expect(page.locator("html")).to_have_attribute("lang", lang)


def verdict_in_view_and_focused(page):
    title = page.locator("#checker-result-title")
    expect(title).to_be_focused(timeout=PYTHON_START_TIMEOUT)
    header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    box = page.evaluate(
        "(() => { const r = document.getElementById('checker-result-title').getBoundingClientRect();"
        " return [r.top, r.bottom, innerHeight]; })()"
    )
    top, bottom, height = box
    assert header <= top and bottom <= height, f"verdict at {top}–{bottom} px, header ends at {header}, screen {height}"
    covered = page.evaluate(
        """(() => { const title = document.getElementById('checker-result-title');
                    const r = title.getBoundingClientRect();
                    const x = r.left + r.width / 2;
                    const seen = [r.top + 2, r.top + r.height / 2, r.bottom - 2].map(y => document.elementFromPoint(x, y));
                    const other = seen.find(node => !title.contains(node));
                    return other ? other.outerHTML.slice(0, 120) : null; })()"""
    )
    assert covered is None, f"the verdict is covered by {covered}"


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_answers_and_result_survive_a_language_switch_both_ways(page, site_url, lang):
    open_checker(page, site_url, lang)
    page.fill("input[name=management_fte]", "0,2" if lang == "fi" else "0.2")
    page.fill("input[name=committed_members]", SECRET_MEMBERS)
    page.check("input[name=member_types][value=business]")
    page.check("input[name=eccp_profile][value=validated]")
    submit(page)
    expect(page.locator("#checker-result-title")).to_have_text(verdict(lang, "not_eligible"))

    for there in (OTHER[lang], lang):
        switch_language(page, there)
        wait_for(page, RESULT_SHOWN)
        expect(page.locator("#checker-result-title")).to_have_text(verdict(there, "not_eligible"))
        verdict_in_view_and_focused(page)
        assert "#" not in page.url, "the carried answers leave the address once the page has them"
        expect(page.locator("input[name=committed_members]")).to_have_value(SECRET_MEMBERS)
        expect(page.locator("input[name=member_types][value=business]")).to_be_checked()
        expect(page.locator("input[name=eccp_profile][value=validated]")).to_be_checked()
        assert statuses(page)["management_fte"] == "not_met"  # 0.2 read as 0.2 in both languages
        assert statuses(page)["committed_members"] == "met"

    sent = page.context.request_log.sent
    assert sent and not [request for request in sent if SECRET_MEMBERS in request], "no answer in any request"
    assert SECRET_MEMBERS not in json.dumps(storage_dump(page))
    assert page.context.cookies() == []


def test_a_half_filled_form_survives_a_switch_without_a_result(page, site_url):
    open_checker(page, site_url, "en")
    page.fill("input[name=committed_members]", "12")
    page.check("input[name=eccp_profile][value='']")  # an explicit "I don't know" stays chosen
    switch_language(page, "fi")
    expect(page.locator("input[name=committed_members]")).to_have_value("12")
    expect(page.locator("input[name=eccp_profile][value='']")).to_be_checked()
    expect(page.locator("input[name=english_website]:checked")).to_have_count(0)
    expect(page.locator("#checker-result")).to_be_hidden()
    assert "#" not in page.url


def test_an_empty_form_switches_to_a_plain_page(page, site_url):
    open_checker(page, site_url, "fi")
    link = page.locator("a.md-select__link[hreflang=en]")
    assert "#" not in link.get_attribute("href")
    page.fill("input[name=committed_members]", "7")
    assert "committed_members=7" in link.get_attribute("href")
    page.fill("input[name=committed_members]", "")
    assert "#" not in link.get_attribute("href")


def test_a_shared_link_stays_shared_across_the_switch(page, site_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_checker(page, site_url, "fi")
    page.fill("input[name=committed_members]", "15")
    submit(page)
    page.click("#checker-share")
    assert page.url.endswith("#committed_members=15")
    switch_language(page, "en")
    wait_for(page, RESULT_SHOWN)
    expect(page.locator("#checker-result [data-criterion=committed_members]")).to_have_attribute("data-status", "met")
    assert page.url.endswith("/en/checker/#committed_members=15")
    expect(page.locator(".checker-meta")).to_contain_text(t("en", "checker.shared_link"))


def test_the_address_holds_answers_only_after_share(page, site_url):
    open_checker(page, site_url, "en")
    page.fill("input[name=committed_members]", "20")
    submit(page)
    expect(page.locator("#checker-result")).to_have_attribute("data-verdict", re.compile(r"\w"))
    page.fill("input[name=committed_members]", "21")
    expect(page.locator("#checker-status")).to_contain_text(t("en", "checker.updated"))
    assert "#" not in page.url
    expect(page.locator(".checker-meta")).to_contain_text(t("en", "checker.link_how"))
    page.click("#checker-share")
    assert page.url.endswith("#committed_members=21")
    expect(page.locator(".checker-meta a")).to_have_attribute("href", page.url)


def test_an_answer_changed_while_the_check_runs_is_the_one_shown(page, site_url):
    """Editing right after submitting (before the result is back) never leaves an
    older answer on the page: the result follows the form, and the status says so."""
    open_checker(page, site_url, "en")
    page.fill("input[name=committed_members]", "14")
    submit(page)
    page.fill("input[name=committed_members]", "16")  # at once, no wait for the first result
    failing = page.locator("#checker-result [data-criterion=committed_members]")
    expect(failing).to_have_attribute("data-status", "met")
    expect(page.locator("#checker-result [data-answer=committed_members]")).to_contain_text("16")
    expect(page.locator("#checker-status")).to_contain_text(t("en", "checker.updated"))


def test_editing_a_shared_link_leaves_the_address_alone(page, site_url):
    """A13: after opening a shared link, one's own answers stay out of the address until shared."""
    open_checker(page, site_url, "en", "#committed_members=15&eccp_profile=pending")
    expect(page.locator("#checker-result")).to_be_visible(timeout=PYTHON_START_TIMEOUT)
    page.fill("input[name=committed_members]", "7")
    page.check("input[name=eccp_profile][value=none]")
    expect(page.locator("#checker-result [data-criterion=committed_members]")).to_have_attribute(
        "data-status", "not_met"
    )
    assert page.url.endswith("#committed_members=15&eccp_profile=pending")
    expect(page.locator(".checker-meta")).not_to_contain_text(t("en", "checker.shared_link"))
    page.click("#checker-share")
    assert page.url.endswith("#committed_members=7&eccp_profile=none")


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 375, "height": 667}])
def test_a_second_shared_link_in_the_same_tab_shows_its_answers(page, site_url, viewport):
    """A12: the page follows the address to another shared link (hashchange)."""
    page.set_viewport_size(viewport)
    open_checker(page, site_url, "en", "#committed_members=15")
    row = page.locator("#checker-result [data-criterion=committed_members]")
    expect(row).to_have_attribute("data-status", "met", timeout=PYTHON_START_TIMEOUT)
    # read on, down the result; the smooth scroll ends before the next link is
    # opened (a scroll still running would carry on past the verdict shown)
    page.evaluate("() => addEventListener('scrollend', () => { window.scrollEnded = true; }, { once: true })")
    page.mouse.wheel(0, 4000)
    page.wait_for_function("() => window.scrollEnded === true")
    assert page.evaluate("scrollY") > 2000
    page.goto(site_url + CHECKER["en"] + "#committed_members=3&member_types=business")
    expect(row).to_have_attribute("data-status", "not_met")
    expect(page.locator("input[name=committed_members]")).to_have_value("3")
    expect(page.locator("input[name=member_types][value=business]")).to_be_checked()
    assert page.url.endswith("#committed_members=3&member_types=business")
    verdict_in_view_and_focused(page)  # scrolled up to it, clear of Material's "back to top" button


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 375, "height": 667}])
@pytest.mark.parametrize("lang", ["fi", "en"])
def test_a_shared_link_opens_at_the_focused_verdict(page, site_url, lang, viewport):
    """H2: the verdict heading in view and focused, not the middle of the result."""
    page.set_viewport_size(viewport)
    fragment = "#management_fte=0.2&committed_members=8&member_types=business&eccp_profile=none"
    open_checker(page, site_url, lang, fragment)
    expect(page.locator("#checker-result-title")).to_have_text(verdict(lang, "not_eligible"))
    verdict_in_view_and_focused(page)


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_outcome_says_what_to_do_next(page, site_url, lang):
    """M1, M6: numbered next steps with their links; nothing-to-do collapsed; advice not a failure."""
    query = (
        "management_fte=1&committed_members=8&member_types=business&member_types=research"
        "&eccp_profile=none&member_activities_visible=0"
    )
    expected = checker.evaluate_query(query, lang)
    open_checker(page, site_url, lang, "#" + query)
    steps = page.locator(".checker-next-steps > ol > li")
    expect(steps).to_have_count(len(expected["next_steps"]))
    for i, step in enumerate(expected["next_steps"]):
        expect(steps.nth(i)).to_contain_text(step["text"])
        for link in step["links"]:
            anchor = steps.nth(i).locator(f"a[href='{link['url']}']")
            expect(anchor).to_have_count(1)
            # WCAG 3.1.2: a title in the other language is marked with its language
            marked = anchor.locator(f"span[lang={link['title_lang']}]")
            expect(marked).to_have_count(1 if link["title_lang"] != lang else 0)
    assert page.locator(".checker-next-steps ol").evaluate("ol => getComputedStyle(ol).listStyleType") == "decimal"
    names = page.locator("#checker-result a").evaluate_all(
        "links => links.filter(a => !a.closest('.checker-answers, .checker-actions, .checker-meta'))"
        ".map(a => a.textContent.trim())"
    )
    assert len(names) == len(set(names)), "two links in the result read the same"

    met = page.locator("#checker-result [data-criterion=management_fte]")
    expect(met).to_have_attribute("data-status", "met")
    expect(met.locator(".checker-next")).to_have_count(0)
    advice = page.locator("#checker-result [data-advice=member_activities_visible]")
    failed = page.locator("#checker-result [data-criterion=committed_members]")
    expect(advice).to_have_attribute("data-status", "not_met")
    advice_badge, failed_badge = advice.locator(".checker-badge"), failed.locator(".checker-badge")
    expect(advice_badge).to_have_text(checker.ui_texts(lang)["advice_status"]["not_met"])
    expect(failed_badge).to_have_text(checker.ui_texts(lang)["status"]["not_met"])
    style = "b => [getComputedStyle(b).backgroundColor, getComputedStyle(b).color]"
    assert advice_badge.evaluate(style) != failed_badge.evaluate(style)
    assert page.console_errors == []


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_result_lists_the_answers_with_change_links(page, site_url, lang):
    """L4, the GOV.UK "check your answers" pattern; months as the engine writes them."""
    query = "committed_members=12&eccp_profile=pending&bronze_interview_month=2025-11"
    expected = {a["id"]: a for a in checker.evaluate_query(query, lang)["answers"]}
    open_checker(page, site_url, lang, "#" + query)
    rows = page.locator(".checker-answers [data-answer]")
    not_asked = [q["id"] for q in checker.questions(lang) if q["ask_if"]]  # no renewal: not asked, not listed
    expect(rows).to_have_count(len(expected) - len(not_asked))
    for question in not_asked:
        expect(page.locator(f".checker-answers [data-answer={question}]")).to_have_count(0)
    month = page.locator(".checker-answers [data-answer=bronze_interview_month] dd").first
    expect(month).to_have_text(expected["bronze_interview_month"]["display"])
    assert "2025" in expected["bronze_interview_month"]["display"] and "-11" not in month.inner_text()
    unknown = page.locator(".checker-answers [data-answer=english_website]")
    expect(unknown).to_have_attribute("data-state", "unknown")
    question = expected["committed_members"]["question"]
    change = page.get_by_role("link", name=f"{t(lang, 'checker.change_answer')}: {question}", exact=True)
    expect(change).to_have_count(1)
    change.click()
    expect(page.locator("input[name=committed_members]")).to_be_focused()
    page.get_by_role("link", name=f"{t(lang, 'checker.change_answer')}: {expected['eccp_profile']['question']}").click()
    expect(page.locator("input[name=eccp_profile][value=pending]")).to_be_focused()


def test_no_radio_is_chosen_beforehand(page, site_url):
    """L1: an unanswered question stays unknown; "I don't know" is still there to choose."""
    open_checker(page, site_url, "en")
    expect(page.locator("#checker-form input[type=radio]:checked")).to_have_count(0)
    groups = page.locator("#checker-form fieldset.checker-field:has(input[type=radio])")
    dont_know = checker.ui_texts("en")["dont_know"]
    for i in range(groups.count()):
        expect(groups.nth(i).get_by_label(dont_know, exact=True)).to_have_count(1)
    submit(page)
    expect(page.locator("#checker-result-title")).to_have_text(verdict("en", "incomplete"))
    assert set(statuses(page).values()) == {"unknown"}


def test_a_conditional_question_appears_only_when_it_applies(page, site_url):
    """The current label's end is asked only for a renewal (the engine's ask_if)."""
    (question,) = [q for q in checker.questions("en") if q["ask_if"]]
    field = page.locator(f"#q-{question['id']}")
    open_checker(page, site_url, "en")
    expect(field).to_be_hidden()
    controller = page.locator(f"input[name={question['ask_if']['field']}]")
    controller.and_(page.locator(f"[value='{question['ask_if']['equals']}']")).check()
    expect(field).to_be_visible()
    controller.and_(page.locator("[value='first']")).check()
    expect(field).to_be_hidden()


def test_the_page_without_javascript_shows_every_question(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + CHECKER["fi"])
    html = page.content()
    for question in checker.questions("fi"):
        assert f'id="q-{question["id"]}"' in html and f'id="q-{question["id"]}" hidden' not in html
    context.close()


@pytest.mark.parametrize(
    ("fragment", "criterion", "status"),
    [
        ("committed_members=1,000", "committed_members", "met"),  # A3: a thousand on the English page
        ("committed_members=1%20000", "committed_members", "met"),
        ("member_types=", "member_diversity", "unknown"),  # A21: empty means unknown, as in the form
    ],
)
def test_the_answers_reach_python_as_typed(page, site_url, fragment, criterion, status):
    open_checker(page, site_url, "en", "#" + fragment)
    row = page.locator(f"#checker-result [data-criterion={criterion}]")
    expect(row).to_have_attribute("data-status", status, timeout=PYTHON_START_TIMEOUT)


def test_a_huge_number_is_an_error_not_unknown(page, site_url):
    """A7: 400 nines are too many members, not a silently unknown answer."""
    open_checker(page, site_url, "en")
    page.fill("input[name=committed_members]", "9" * 400)
    submit(page)
    expect(page.locator("#q-committed_members-error")).to_be_visible(timeout=PYTHON_START_TIMEOUT)
    expect(page.locator("#checker-result")).to_be_hidden()


def test_hostile_text_in_a_shared_link_stays_text(page, site_url):
    payload = "<img src=x onerror=window.__pwned=1>"
    open_checker(page, site_url, "en", "#committed_members=" + payload + "&management_fte=" + payload)
    expect(page.locator("#checker-error-summary")).to_be_visible(timeout=PYTHON_START_TIMEOUT)
    assert page.evaluate("window.__pwned") is None
    expect(page.locator("#checker-error-summary img")).to_have_count(0)
    expect(page.locator("input[name=committed_members]")).to_have_value(payload)


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_member_type_checkboxes_line_up_on_a_phone(page, site_url, lang):
    """M5: at 375 px every box has the same full size and the same left edge."""
    page.set_viewport_size({"width": 375, "height": 667})
    open_checker(page, site_url, lang)
    boxes = page.locator("input[name=member_types]").evaluate_all(
        "inputs => inputs.map(i => { const r = i.getBoundingClientRect(); return [r.left, r.width, r.height]; })"
    )
    assert len({(round(left), round(w), round(h)) for left, w, h in boxes}) == 1, boxes
    assert boxes[0][1] >= 19 and boxes[0][2] >= 19, boxes
    targets = page.locator("input[name=member_types]").evaluate_all(
        "inputs => inputs.map(i => i.closest('label').getBoundingClientRect().height)"
    )
    assert min(targets) >= 44, targets


def test_the_printout_shows_the_answers_and_how_to_reopen_them(page, site_url):
    open_checker(page, site_url, "fi", "#management_fte=0,4&committed_members=12&eccp_profile=validated")
    expect(page.locator("#checker-result")).to_be_visible(timeout=PYTHON_START_TIMEOUT)
    page.emulate_media(media="print")
    expect(page.locator(".checker-answers")).to_be_visible()
    expect(page.locator(".checker-answers [data-answer=management_fte] dd").first).to_have_text("0,4")
    expect(page.locator(".checker-answer-change").first).to_be_hidden()
    meta = page.locator(".checker-meta")
    expect(meta).to_contain_text(t("fi", "checker.shared_link"))
    expect(meta).to_contain_text("#management_fte=0,4&committed_members=12&eccp_profile=validated")
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) <= 2
    page.emulate_media(media="screen")
    page.fill("input[name=committed_members]", "13")  # edited since: the link no longer reopens these
    page.emulate_media(media="print")
    expect(meta).to_contain_text(t("fi", "checker.link_how"))
    expect(meta).not_to_contain_text(t("fi", "checker.shared_link"))
