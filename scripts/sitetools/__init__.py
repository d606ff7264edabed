"""Developer tools: `make article`, `make bench`, screenshots, and the local
server and browser settings that the tools and the tests share. The site's
build never imports this package."""
