"""`make bench`: how quickly the checker shows a visitor a result, against the
stock way of running Pyodide; what the pages cost on the wire; what Lighthouse
says; how the build scales. One module per concern:

- server.py   a static server that counts bytes and applies the site's `_headers`
- build.py    the production build the bench measures, and the stock page (baseline/)
- browser.py  the visitor's view in headless Chromium: first and repeat visit
- lighthouse.py, scale.py (words.toml)
- report.py   Markdown tables, targets (defined there only), the machine
- __main__.py the command line; writes BENCHMARKS.md

It never imports the tests, and the site's build never imports it.
"""
