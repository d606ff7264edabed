// @ts-check
// Wide tables (the build puts each Markdown table in a `.table-scroll` region):
// while a table is wider than its region, show the "scroll sideways" hint above
// it and keep the region in the tab order so that a keyboard can scroll it;
// when it fits, hide the hint and take the region out of the tab order.
// Without this script every region stays focusable and the CSS scroll shadows
// still show that there is more.
(() => {
  "use strict";

  /** @param {HTMLElement} region */
  function update(region) {
    const hint = region.previousElementSibling;
    const overflowing = region.scrollWidth > region.clientWidth + 1;
    region.dataset.overflowing = String(overflowing);
    if (overflowing) {
      region.setAttribute("tabindex", "0");
    } else {
      region.removeAttribute("tabindex");
    }
    if (hint instanceof HTMLElement && hint.classList.contains("table-scroll__hint")) {
      hint.hidden = !overflowing;
      if (overflowing) {
        region.setAttribute("aria-describedby", hint.id);
      } else {
        region.removeAttribute("aria-describedby");
      }
    }
  }

  function start() {
    /** @type {HTMLElement[]} */
    const regions = Array.from(document.querySelectorAll(".table-scroll"));
    if (!regions.length) return;
    if ("ResizeObserver" in window) {
      const observer = new ResizeObserver((entries) => {
        for (const entry of entries) update(/** @type {HTMLElement} */ (entry.target));
      });
      for (const region of regions) observer.observe(region);
    } else {
      const all = () => regions.forEach(update);
      window.addEventListener("resize", all);
      all();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
