"""The browser the tests drive is launched as localserver.CHROMIUM_ARGS says,
plus the tests' own switch (conftest.TEST_CHROMIUM_ARGS)."""

from sitetools.localserver import BROWSER_UI_FEATURES_OFF

from .conftest import TEST_CHROMIUM_ARGS


def command_line(browser):
    page = browser.new_page()
    try:
        page.goto("chrome://version")
        return page.inner_text("#command_line").split()
    finally:
        page.close()


def test_our_disabled_features_keep_playwrights_own(browser):
    """Chromium keeps only the last --disable-features: ours must name every
    feature an earlier one (Playwright's) disables, or those come back on."""
    switches = command_line(browser)
    lists = [switch.split("=", 1)[1].split(",") for switch in switches if switch.startswith("--disable-features=")]
    assert len(lists) >= 2, switches
    effective = set(lists[-1])
    dropped = set().union(*map(set, lists[:-1])) - effective
    assert not dropped, f"add {sorted(dropped)} to PLAYWRIGHT_DISABLED_FEATURES in scripts/sitetools/localserver.py"
    assert set(BROWSER_UI_FEATURES_OFF.split(",")) <= effective


def test_the_tests_browser_has_the_tests_switches(browser):
    switches = command_line(browser)
    assert "--js-flags=--liftoff-only" in TEST_CHROMIUM_ARGS
    assert set(TEST_CHROMIUM_ARGS) <= set(switches), sorted(set(TEST_CHROMIUM_ARGS) - set(switches))
