"""The build plugins' behaviour that needs no full build."""

from types import SimpleNamespace

from sitebuild.checker_plugin import CheckerPlugin
from sitebuild.languages import catalogue, flat_keys
from sitebuild.publishing_plugin import PublishingPlugin
from tests.project import languages

HEAD = '<link rel="alternate" href="../../checker/" hreflang="fi"><link rel="alternate" href="./" hreflang="en">'


def publishing(production):
    plugin = PublishingPlugin()
    plugin.load_config({"production": production})
    return plugin


def post_page(plugin, url):
    page = SimpleNamespace(url=url, file=SimpleNamespace(), meta={"pagefind": False})
    config = SimpleNamespace(site_url="https://example.org/klusterit/", plugins={"i18n": SimpleNamespace(current_language="en")})
    return plugin.on_post_page(HEAD, page, config)


def test_production_build_makes_hreflang_absolute():
    out = post_page(publishing("https://example.org/klusterit/"), "en/checker/")
    assert 'href="https://example.org/klusterit/checker/" hreflang="fi"' in out
    assert 'href="https://example.org/klusterit/en/checker/" hreflang="en"' in out


def test_local_build_keeps_them_relative():
    assert post_page(publishing(False), "en/checker/") == HEAD


def test_every_language_has_the_same_interface_strings():
    codes = languages().codes
    assert len(codes) >= 2
    keys = {lang: flat_keys(lang) for lang in codes}
    for lang in codes:
        assert keys[lang] == keys[languages().default], lang
        assert all(str(v).strip() for section in catalogue(lang).values() for v in section.values())


def test_the_checkers_time_limits_must_be_in_order():
    assert CheckerPlugin().load_config({}) == ([], [])  # the defaults
    for limits in ({"stall_seconds": 10, "first_word_seconds": 10}, {"first_word_seconds": 90}, {"stall_seconds": 0}):
        errors, _ = CheckerPlugin().load_config(limits)
        assert [name for name, _ in errors] == ["first_word_seconds"], limits
        assert "in order" in str(errors[0][1])


def test_templates_compile_once_per_plugin_and_again_when_changed():
    """Each language's build has its own Jinja environment; the plugin's
    code cache lets the next one skip compiling, and a changed template is
    compiled again."""
    from jinja2 import DictLoader, Environment

    plugin = PublishingPlugin()
    plugin.load_config({})
    sources = {"page.html": "<h1>{{ title }}</h1>"}
    compiled = []

    def environment():
        env = Environment(loader=DictLoader(sources))
        compile_ = env.compile
        env.compile = lambda *args, **kwargs: compiled.append(args[1]) or compile_(*args, **kwargs)
        return plugin.on_env(env, SimpleNamespace(), None)

    assert environment().get_template("page.html").render(title="<b>") == "<h1><b></h1>"
    assert environment().get_template("page.html").render(title="Fi") == "<h1>Fi</h1>"
    assert compiled == ["page.html"]
    sources["page.html"] = "<h2>{{ title }}</h2>"  # edited since
    assert environment().get_template("page.html").render(title="En") == "<h2>En</h2>"
    assert compiled == ["page.html", "page.html"]
