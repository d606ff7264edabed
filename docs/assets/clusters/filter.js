/* Cluster tables (rendered by scripts/clusters.py): a region/theme filter for the
 * "Find a cluster" table, and a scroll hint that shows only when a table is wider
 * than the screen. Progressive enhancement: without this script every row shows,
 * the filter stays hidden and the hint follows a CSS media query. The filter state
 * lives in the page only: nothing is sent, stored or written into the address. */
(function () {
  "use strict";

  function setUpScrollHints() {
    var wrappers = document.querySelectorAll(".cluster-table-scroll");
    if (!wrappers.length) return;

    function update() {
      Array.prototype.forEach.call(wrappers, function (wrapper) {
        var hint = document.getElementById(wrapper.getAttribute("aria-describedby"));
        var scrolls = wrapper.scrollWidth > wrapper.clientWidth + 1;
        // A region that does not scroll needs no tab stop of its own.
        if (scrolls) {
          wrapper.setAttribute("tabindex", "0");
        } else {
          wrapper.removeAttribute("tabindex");
        }
        if (hint) {
          hint.setAttribute("data-js", "");
          hint.hidden = !scrolls;
        }
      });
    }

    update();
    window.addEventListener("resize", update);
    // Opening a list of sources can widen a table; "toggle" does not bubble, so capture it.
    document.addEventListener("toggle", update, true);
  }

  function setUpFilter() {
    var table = document.querySelector("table[data-cluster-directory]");
    var controls = document.getElementById("cluster-filter");
    var status = document.getElementById("cluster-filter-status");
    if (!table || !controls || !status || !table.tBodies.length) return;

    var region = document.getElementById("cluster-filter-region");
    var theme = document.getElementById("cluster-filter-theme");
    var reset = document.getElementById("cluster-filter-reset");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);

    function message(shown) {
      var template = controls.getAttribute(
        shown === 0 ? "data-none" : shown === rows.length ? "data-all" : "data-some",
      );
      return template.replace("{shown}", String(shown)).replace("{total}", String(rows.length));
    }

    function apply() {
      var wantRegion = region.value;
      var wantTheme = theme.value;
      var shown = 0;
      rows.forEach(function (row) {
        var match =
          (!wantRegion || row.getAttribute("data-region") === wantRegion) &&
          (!wantTheme || row.getAttribute("data-theme") === wantTheme);
        row.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = message(shown);
    }

    region.addEventListener("change", apply);
    theme.addEventListener("change", apply);
    reset.addEventListener("click", function () {
      region.value = "";
      theme.value = "";
      apply();
      region.focus();
    });
    controls.hidden = false;
    // A page restored from the back/forward cache may keep earlier choices.
    if (region.value || theme.value) apply();
  }

  setUpFilter();
  setUpScrollHints();
})();
