"""The browser the tests drive: Chromium's headless shell where installed,
launched as localserver.CHROMIUM_ARGS says, plus the tests' own switch
(conftest.TEST_CHROMIUM_ARGS)."""

import os
import shutil
from pathlib import Path

import pytest

from sitetools.localserver import BROWSER_UI_FEATURES_OFF

from .conftest import TEST_CHROMIUM_ARGS

pytestmark = pytest.mark.browser


def command_line(browser):
    """The tests' browser process's command line, read from /proc: the first
    started browser process below this one (the one Playwright drives through
    its pipe; a browser process has no --type). chrome://version would say the
    same, but the headless shell has no such page."""
    assert browser.is_connected()
    if not Path("/proc/self/stat").exists():
        pytest.skip("reads the command line from /proc (Linux)")
    parents, started, arguments = {}, {}, {}
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
            arguments[int(entry.name)] = (entry / "cmdline").read_bytes().decode().split("\0")[:-1]
        except (ValueError, OSError):
            continue  # not a process, or one that has just ended
        fields = stat.rsplit(")", 1)[1].split()
        parents[int(entry.name)], started[int(entry.name)] = int(fields[1]), int(fields[19])

    def below_us(pid):
        while pid > 1:
            pid = parents.get(pid, 0)
            if pid == os.getpid():
                return True
        return False

    browsers = [
        pid
        for pid, args in arguments.items()
        if "--remote-debugging-pipe" in args and not any(a.startswith("--type=") for a in args) and below_us(pid)
    ]
    # Debian's /usr/bin/chromium* are shell scripts that run the browser with the same arguments
    browsers = [pid for pid in browsers if not any(parents[other] == pid for other in browsers)]
    assert browsers, "no browser process below this one"
    return arguments[min(browsers, key=started.__getitem__)]


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


def test_the_tests_browser_is_the_headless_shell_where_installed(browser, tests_chromium):
    if tests_chromium is None:
        pytest.skip("no Debian Chromium here: Playwright's own browser")
    assert Path(command_line(browser)[0]).name == Path(tests_chromium).resolve().name
    if "CHROMIUM_PATH" not in os.environ and shutil.which("chromium-headless-shell"):
        assert Path(tests_chromium).name == "chromium-headless-shell"
