// The site search: Pagefind's UI over the index of the page's own language
// (Pagefind picks the index from <html lang>, so Finnish pages search Finnish
// pages only and English pages English pages only). Self-hosted: no CDN.
(() => {
  const element = document.getElementById("site-search");
  if (!element || typeof PagefindUI === "undefined") return;
  const uiScript = document.querySelector('script[src$="pagefind/pagefind-ui.js"]');
  const bundlePath = new URL(".", uiScript.src).href;
  // Result links relative to the site's root, which need not be the host's root
  const baseUrl = new URL("..", bundlePath).pathname;

  const ui = new PagefindUI({
    element: "#site-search",
    bundlePath,
    baseUrl,
    showImages: false,
    showSubResults: true,
    resetStyles: false,
    debounceTimeoutMs: 60,
    autofocus: false,
  });

  // Accessible name in the page's language (Pagefind gives only a title).
  const label = element.dataset.label;
  const labelInput = () => {
    const input = element.querySelector("input.pagefind-ui__search-input");
    if (input && label) input.setAttribute("aria-label", label);
    return input;
  };
  labelInput() || requestAnimationFrame(labelInput);

  // Warm up: the first search loads Pagefind's wasm and the language's index
  // metadata (~200 ms here); do it now, so that typing gets results at once.
  import(bundlePath + "pagefind.js")
    .then(async (pagefind) => {
      await pagefind.options({ baseUrl, bundlePath });
      await pagefind.search("__warm_up__");
    })
    .then(() => {
      element.dataset.searchReady = "true";
    })
    .catch(() => {});

  // Deep links: /search/?q=klusteri
  const query = new URLSearchParams(location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
