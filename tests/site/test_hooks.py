"""Build hooks that do not need a full build to test."""

from types import SimpleNamespace

from scripts import hooks

HEAD = '<link rel="alternate" href="../../checker/" hreflang="fi"><link rel="alternate" href="./" hreflang="en">'


def test_production_build_makes_hreflang_absolute(monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://example.org/klusterit/")
    page = SimpleNamespace(url="en/checker/")
    out = hooks.on_post_page(HEAD, page, {"site_url": "https://example.org/klusterit/"})
    assert 'href="https://example.org/klusterit/checker/" hreflang="fi"' in out
    assert 'href="https://example.org/klusterit/en/checker/" hreflang="en"' in out


def test_local_build_keeps_them_relative(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    page = SimpleNamespace(url="en/checker/")
    assert hooks.on_post_page(HEAD, page, {"site_url": "http://127.0.0.1:8000/"}) == HEAD


def test_snapshot_name_follows_checker_and_runtime():
    a = hooks.snapshot_name("checker-aaaa.zip", "314.0.7")
    assert a == hooks.snapshot_name("checker-aaaa.zip", "314.0.7")
    assert a != hooks.snapshot_name("checker-bbbb.zip", "314.0.7")
    assert a != hooks.snapshot_name("checker-aaaa.zip", "314.0.8")
