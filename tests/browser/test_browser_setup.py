"""The browser the tests drive is launched as localserver.CHROMIUM_ARGS says."""

from sitetools.localserver import BROWSER_UI_FEATURES_OFF


def test_our_disabled_features_keep_playwrights_own(browser):
    """Chromium keeps only the last --disable-features: ours must name every
    feature an earlier one (Playwright's) disables, or those come back on."""
    page = browser.new_page()
    try:
        page.goto("chrome://version")
        switches = page.inner_text("#command_line").split()
    finally:
        page.close()
    lists = [switch.split("=", 1)[1].split(",") for switch in switches if switch.startswith("--disable-features=")]
    assert len(lists) >= 2, switches
    effective = set(lists[-1])
    dropped = set().union(*map(set, lists[:-1])) - effective
    assert not dropped, f"add {sorted(dropped)} to PLAYWRIGHT_DISABLED_FEATURES in scripts/sitetools/localserver.py"
    assert set(BROWSER_UI_FEATURES_OFF.split(",")) <= effective
