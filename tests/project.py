"""The project under test: its root, its languages (from mkdocs.yml), throwaway
copies of it to build variants of the site in (sitetools.project), and the
small fixture site."""

import functools
import shutil
from pathlib import Path

from sitebuild import not_found
from sitebuild.editor import ADMIN_DIR
from sitebuild.languages import Languages
from sitetools.project import ROOT, build, copy_project, link_build_cache

__all__ = ["ROOT", "build", "copy_project", "fixture_site", "languages", "site_documents", "site_pages"]

FIXTURE_SITE = Path(__file__).resolve().parent / "fixtures" / "site"


@functools.cache
def languages() -> Languages:
    return Languages.from_file(ROOT / "mkdocs.yml")


def site_pages(site_dir):
    """Every page of a built site: {URL path ("/", "/en/labels/"): its index.html}, in path order."""
    pages = {}
    for path in sorted(Path(site_dir).rglob("index.html")):
        relative = path.parent.relative_to(site_dir).as_posix()
        if relative.startswith(("assets", "pagefind", ADMIN_DIR)):  # the editor is not a page
            continue
        pages["/" if relative == "." else f"/{relative}/"] = path
    return pages


def site_documents(site_dir, editor=True):
    """Every HTML document a built site serves: its pages (site_pages), each
    language's 404 page and, with `editor`, the editor's page. {URL path: file}."""
    site_dir = Path(site_dir)
    documents = site_pages(site_dir)
    for lang in languages().codes:
        name = not_found.output_path(lang, languages())
        documents[f"/{name}"] = site_dir / name
    if editor and (site_dir / ADMIN_DIR / "index.html").exists():
        documents[f"/{ADMIN_DIR}/"] = site_dir / ADMIN_DIR / "index.html"
    return dict(sorted(documents.items()))


def fixture_site(target):
    """A copy of the small test site (tests/fixtures/site) that builds in about
    two seconds, with the project's theme overrides, header file and build cache."""
    target = Path(target)
    shutil.copytree(FIXTURE_SITE, target, dirs_exist_ok=True)
    for name in ("node_modules", "overrides", "deploy"):
        (target / name).symlink_to(ROOT / name)
    link_build_cache(target)
    return target
