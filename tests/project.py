"""The project under test: its root, its languages (from mkdocs.yml), throwaway
copies of it to build variants of the site in (sitetools.project), and the
small fixture site."""

import functools
import shutil
from pathlib import Path

from sitebuild.languages import Languages
from sitetools.project import ROOT, build, copy_project, link_build_cache

__all__ = ["ROOT", "build", "copy_project", "fixture_site", "languages", "site_pages"]

FIXTURE_SITE = Path(__file__).resolve().parent / "fixtures" / "site"


@functools.cache
def languages() -> Languages:
    return Languages.from_file(ROOT / "mkdocs.yml")


def site_pages(site_dir):
    """Every page of a built site: {URL path ("/", "/en/labels/"): its index.html}, in path order."""
    pages = {}
    for path in sorted(Path(site_dir).rglob("index.html")):
        relative = path.parent.relative_to(site_dir).as_posix()
        if relative.startswith(("assets", "pagefind", "admin")):  # admin: the editor, not a page
            continue
        pages["/" if relative == "." else f"/{relative}/"] = path
    return pages


def fixture_site(target):
    """A copy of the small test site (tests/fixtures/site) that builds in about
    two seconds, with the project's theme overrides, header file and build cache."""
    target = Path(target)
    shutil.copytree(FIXTURE_SITE, target, dirs_exist_ok=True)
    for name in ("node_modules", "overrides", "deploy"):
        (target / name).symlink_to(ROOT / name)
    link_build_cache(target)
    return target
