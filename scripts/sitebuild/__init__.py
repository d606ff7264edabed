"""The site's build: two MkDocs plugins, registered as entry points in
scripts/pyproject.toml and configured in mkdocs.yml.

- `klusterilaatu-checker` (checker_plugin): the rules engine's data in the
  pages, and the runtime the browser needs to run the engine.
- `klusterilaatu-publishing` (publishing_plugin): front matter checks,
  articles, feeds, sitemap, search, link previews, host headers.
"""
