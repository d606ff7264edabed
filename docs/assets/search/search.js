// The site search: Pagefind over the index of the page's own language
// (Pagefind picks the index from <html lang>, so Finnish pages find Finnish
// pages only and English pages English pages only). Self-hosted: no request
// to any other host. Runs the search box in the header of every page
// (data-site-search="header": the first results under the box, all of them on
// the search page) and the search page itself (data-site-search="page",
// deep links /search/?q=...). The markup comes from scripts/sitebuild/search.py
// and overrides/partials/search.html, with the strings in the page's language.
//
// The Finnish index is built from a copy of each page in which compound words
// carry `split` between their parts ("laatu^merkin") and base forms follow a
// word as `alias` words ("~laatumerkki"): see search.py. What is shown here
// never has either: the marks are taken out and the highlight of a base form
// goes to the word it belongs to.
(() => {
  "use strict";

  const roots = [...document.querySelectorAll("[data-site-search]")];
  if (!roots.length) return;
  const config = JSON.parse(roots[0].dataset.config);
  const strings = config.strings;
  const PAGE_SIZE = 10;
  const PANEL_SIZE = 5;

  // --- Pagefind, loaded once per page when first needed -----------------------

  let loading = null;
  const pagefind = () => {
    if (!loading) {
      const bundle = new URL(roots[0].dataset.bundle, document.baseURI).href;
      // result links relative to the site's root, which need not be the host's root
      const baseUrl = new URL("..", bundle).pathname;
      loading = import(bundle + "pagefind.js").then(async (module) => {
        await module.options({ baseUrl, bundlePath: bundle, excerptLength: 24, ranking: config.ranking });
        await module.init();
        return module;
      });
      loading.catch(() => {
        loading = null; // try again on the next search
      });
    }
    return loading;
  };

  // --- what Pagefind gives, made fit to show ----------------------------------

  const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const SPLIT = new RegExp(`(?<=\\p{L})${escapeRegExp(config.split)}(?=\\p{L})`, "gu");
  const ALIAS = new RegExp(`^${escapeRegExp(config.alias)}[\\p{L}\\p{M}-]+`, "u");
  const LETTER = /\p{L}/u;

  // Pagefind's excerpt is escaped text with <mark> around the matched words:
  // read it in an inert <template> and keep only text and marks.
  const pieces = (html) => {
    const template = document.createElement("template");
    template.innerHTML = html;
    return [...template.content.childNodes].map((node) => ({
      text: node.textContent || "",
      mark: node.nodeName === "MARK",
    }));
  };

  // [[piece, ...], ...]: the words, each made of pieces (a mark and a comma, say)
  const toWords = (list) => {
    const words = [];
    let word = null;
    for (const piece of list) {
      for (const part of piece.text.split(/(\s+)/)) {
        if (!part) continue;
        if (!part.trim()) {
          word = null;
          continue;
        }
        if (!word) words.push((word = []));
        word.push({ text: part, mark: piece.mark });
      }
    }
    return words;
  };

  const CLOSING = /^[)\]}.,;:!?”’»]/u;

  const tidy = (words) => {
    const out = [];
    let afterAlias = false;
    for (const word of words) {
      const text = word.map((piece) => piece.text).join("");
      const alias = text.match(ALIAS);
      const previous = out[out.length - 1];
      if (alias && LETTER.test(text.charAt(config.alias.length))) {
        if (previous) {
          if (word.some((piece) => piece.mark)) {
            previous.forEach((piece) => {
              if (LETTER.test(piece.text)) piece.mark = true;
            });
          }
          const rest = text.slice(alias[0].length); // "~merkki." keeps its "."
          if (rest) previous.push({ text: rest, mark: false });
        }
        afterAlias = true;
        continue;
      }
      const pieces = word.map((piece) => ({ text: piece.text.replace(SPLIT, ""), mark: piece.mark }));
      // Pagefind puts a space after the base forms' span: "uusiminen ~uusimisen )."
      if (afterAlias && previous && CLOSING.test(text)) previous.push(...pieces);
      else out.push(pieces);
      afterAlias = false;
    }
    return out;
  };

  const plain = (text) =>
    tidy(toWords([{ text: text || "", mark: false }]))
      .map((word) => word.map((piece) => piece.text).join(""))
      .join(" ");

  // A highlight covers the word, not the punctuation around it.
  const EDGES = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/su;

  const excerpt = (html) => {
    const paragraph = document.createElement("p");
    paragraph.className = "site-search__excerpt";
    tidy(toWords(pieces(html || ""))).forEach((word, index) => {
      if (index) paragraph.append(" ");
      for (const piece of word) {
        const [, before, core, after] = piece.text.match(EDGES);
        if (piece.mark && core) {
          const mark = document.createElement("mark");
          mark.textContent = core;
          paragraph.append(before, mark, after);
        } else {
          paragraph.append(piece.text);
        }
      }
    });
    return paragraph;
  };

  const link = (href, text) => {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  };

  const message = (key, query, count) => strings[key].replace("{query}", query).replace("{count}", String(count));

  // The page's sections with the most matches (not the page's own title).
  const sections = (data) =>
    (data.sub_results || [])
      .filter((sub) => sub.url.includes("#") && plain(sub.title) !== plain(data.meta.title))
      .sort((a, b) => (b.locations || []).length - (a.locations || []).length)
      .slice(0, 3);

  // --- one search at a time: a newer query makes older answers moot ------------

  // A search for one box: marks it searching, says so when the search fails,
  // and gives null for a failed search or one a newer search has overtaken.
  const searcher = (root, status) => {
    let latest = 0;
    return async (query) => {
      const ticket = ++latest;
      root.dataset.state = "searching";
      let found;
      try {
        found = await (await pagefind()).search(query);
      } catch {
        root.dataset.state = "error";
        status.textContent = strings.error;
        return null;
      }
      if (ticket !== latest) return null;
      return found;
    };
  };

  const debounce = (fn, ms) => {
    let timer = 0;
    const later = (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => fn(...args), ms);
    };
    later.cancel = () => clearTimeout(timer);
    return later;
  };

  // --- the search page -----------------------------------------------------------

  const setUpPage = (root) => {
    const form = root.querySelector("form");
    const input = root.querySelector(".site-search__input");
    const status = root.querySelector(".site-search__status");
    const list = root.querySelector(".site-search__results");
    const more = root.querySelector(".site-search__more");
    const search = searcher(root, status);
    let results = [];
    let shown = 0;
    let query = "";

    const showMore = async (first) => {
      const batch = results.slice(shown, shown + PAGE_SIZE);
      shown += batch.length;
      const datas = await Promise.all(batch.map((result) => result.data()));
      const items = datas.map((data) => {
        const item = document.createElement("li");
        item.className = "site-search__result";
        const title = document.createElement("h2");
        title.className = "site-search__title";
        title.append(link(data.url, plain(data.meta.title) || data.url));
        const main = excerpt(data.excerpt);
        item.append(title, main);
        const subs = sections(data);
        if (subs.length) {
          const sublist = document.createElement("ul");
          sublist.className = "site-search__sections";
          for (const sub of subs) {
            const subitem = document.createElement("li");
            subitem.append(link(sub.url, plain(sub.title)));
            // a section whose excerpt is the page's own is just a link
            const own = excerpt(sub.excerpt);
            if (own.textContent !== main.textContent) subitem.append(own);
            sublist.append(subitem);
          }
          item.append(sublist);
        }
        return item;
      });
      list.append(...items);
      more.hidden = shown >= results.length;
      // after "show more", move on to the first new result
      if (!first && items.length) items[0].querySelector("a").focus();
    };

    const run = async (text) => {
      if (text.trim() === query && root.dataset.state === "done") return; // on screen already
      query = text.trim();
      const url = new URL(location.href);
      if (query) url.searchParams.set("q", query);
      else url.searchParams.delete("q");
      history.replaceState(history.state, "", url);
      if (!query) {
        list.replaceChildren();
        status.textContent = "";
        more.hidden = true;
        delete root.dataset.query;
        return;
      }
      const found = await search(query);
      if (!found) return; // a newer search is under way
      results = found.results;
      shown = 0;
      list.replaceChildren();
      await showMore(true);
      status.textContent = message(
        results.length === 0 ? "none" : results.length === 1 ? "one" : "many",
        query,
        results.length,
      );
      root.dataset.query = query;
      root.dataset.state = "done";
    };

    const later = debounce(run, 200);
    input.addEventListener("input", () => later(input.value));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      later.cancel();
      run(input.value);
    });
    more.addEventListener("click", () => showMore(false));

    const initial = new URLSearchParams(location.search).get("q") || "";
    input.value = initial;
    pagefind()
      .then(() => {
        root.dataset.searchReady = "true";
      })
      .catch(() => {
        status.textContent = strings.error;
      });
    if (initial) run(initial);
  };

  // --- the header ---------------------------------------------------------------

  const setUpHeader = (root) => {
    const form = root.querySelector("form");
    const input = root.querySelector(".site-search__input");
    const status = root.querySelector(".site-search__status");
    const panel = root.querySelector(".site-search__panel");
    const list = root.querySelector(".site-search__results");
    const all = root.querySelector(".site-search__all");
    const toggle = root.querySelector(".site-search__toggle");
    const close = root.querySelector(".site-search__close");
    const search = searcher(root, status);
    const searchPage = new URL(root.dataset.searchPage, document.baseURI);

    // With JavaScript, the phone's magnifier opens the box in the header
    // instead of going to the search page.
    root.querySelector(".site-search__link").hidden = true;
    toggle.hidden = false;
    root.dataset.enhanced = "true";

    const links = () => [...panel.querySelectorAll("a")];
    const openPanel = () => {
      panel.hidden = false;
    };
    const closePanel = () => {
      panel.hidden = true;
    };

    const openBox = () => {
      root.classList.add("site-search--open");
      toggle.setAttribute("aria-expanded", "true");
      close.hidden = false;
      input.focus();
    };
    const closeBox = (focusToggle) => {
      closePanel();
      if (!root.classList.contains("site-search--open")) return;
      root.classList.remove("site-search--open");
      toggle.setAttribute("aria-expanded", "false");
      close.hidden = true;
      if (focusToggle) toggle.focus();
    };

    const run = async () => {
      const query = input.value.trim();
      if (!query) {
        list.replaceChildren();
        status.textContent = "";
        closePanel();
        delete root.dataset.query;
        return;
      }
      const found = await search(query);
      if (!found || input.value.trim() !== query) return;
      const datas = await Promise.all(found.results.slice(0, PANEL_SIZE).map((result) => result.data()));
      if (input.value.trim() !== query) return;
      list.replaceChildren(
        ...datas.map((data) => {
          const item = document.createElement("li");
          item.className = "site-search__result";
          item.append(link(data.url, plain(data.meta.title) || data.url), excerpt(data.excerpt));
          return item;
        }),
      );
      const count = found.results.length;
      status.textContent = message(count === 0 ? "none" : count === 1 ? "one" : "many", query, count);
      const target = new URL(searchPage);
      target.searchParams.set("q", query);
      all.href = target.href;
      all.parentElement.hidden = count <= PANEL_SIZE;
      if (count === 0) {
        // the message is the panel's only content
        const item = document.createElement("li");
        item.className = "site-search__empty";
        item.textContent = status.textContent;
        list.append(item);
      }
      openPanel();
      root.dataset.query = query;
      root.dataset.state = "done";
    };

    const later = debounce(run, 150);
    input.addEventListener("input", later);
    // Pagefind loads early, as the visitor heads for the box; should it fail,
    // the search itself reports it when run.
    input.addEventListener("focus", () => {
      pagefind().catch(() => {});
      if (input.value.trim() && root.dataset.query === input.value.trim()) openPanel();
    });
    root.addEventListener("pointerenter", () => pagefind().catch(() => {}), { once: true });
    form.addEventListener("submit", (event) => {
      if (!input.value.trim()) event.preventDefault();
    });
    toggle.addEventListener("click", openBox);
    close.addEventListener("click", () => closeBox(true));

    root.addEventListener("keydown", (event) => {
      const items = links();
      const index = items.indexOf(document.activeElement);
      if (event.key === "Escape") {
        if (!panel.hidden) {
          closePanel();
          input.focus();
        } else if (root.classList.contains("site-search--open")) {
          closeBox(true);
        } else {
          return;
        }
        event.preventDefault();
      } else if (event.key === "ArrowDown" && !panel.hidden && items.length) {
        items[index < 0 ? 0 : Math.min(index + 1, items.length - 1)].focus();
        event.preventDefault();
      } else if (event.key === "ArrowUp" && index >= 0) {
        (index === 0 ? input : items[index - 1]).focus();
        event.preventDefault();
      }
    });
    // Leaving the search (by Tab or a click elsewhere) closes its results.
    root.addEventListener("focusout", (event) => {
      if (event.relatedTarget && !root.contains(event.relatedTarget)) closeBox(false);
    });
    document.addEventListener("pointerdown", (event) => {
      if (!root.contains(event.target)) closeBox(false);
    });
  };

  for (const root of roots) {
    if (root.dataset.siteSearch === "page") setUpPage(root);
    else setUpHeader(root);
  }
})();
