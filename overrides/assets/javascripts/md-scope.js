// Material for MkDocs' inline bootstrap script (partials/javascripts/base.html),
// served as a file so that the Content-Security-Policy can forbid inline scripts.
(() => {
  const scope = document.currentScript.dataset.scope;
  window.__md_scope = new URL(scope, location);
  window.__md_hash = (value) => [...value].reduce((hash, c) => (hash << 5) - hash + c.charCodeAt(0), 0);
  window.__md_get = (key, storage = localStorage, base = window.__md_scope) =>
    JSON.parse(storage.getItem(base.pathname + "." + key));
  window.__md_set = (key, value, storage = localStorage, base = window.__md_scope) => {
    try {
      storage.setItem(base.pathname + "." + key, JSON.stringify(value));
    } catch (error) {
      // storage may be unavailable (private mode, quota); Material works without it
    }
  };
})();
