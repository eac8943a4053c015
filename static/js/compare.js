// The comparison page: linked twins, aligned scrolling, keyboard, deep links, tabs, filters.
// Everything here is an enhancement: without it the page still shows both columns with
// their highlights, and #p<id> links still jump to the passage in the left column.
(() => {
  "use strict";
  const root = document.querySelector("[data-compare]");
  if (!root) return;
  document.documentElement.classList.add("js");

  const cols = {
    a: root.querySelector('[data-side="a"] .col-body'),
    b: root.querySelector('[data-side="b"] .col-body'),
  };
  const status = document.querySelector(".toolbar .status");
  const marks = (side, id) => cols[side].querySelectorAll(`[data-passage="${id}"]`);
  const first = (side, id) => cols[side].querySelector(`[data-passage="${id}"]`);
  const sideOf = (el) => el.closest("[data-side]")?.dataset.side;
  const other = (side) => (side === "a" ? "b" : "a");

  // Passage ids in the left column's reading order.
  const order = [];
  cols.a.querySelectorAll("[data-passage]").forEach((el) => {
    const id = el.dataset.passage;
    if (!order.includes(id)) order.push(id);
  });
  let current = -1;

  function setActive(id, on) {
    document.querySelectorAll(`[data-passage="${id}"]`).forEach((el) => el.classList.toggle("active", on));
  }

  function select(id) {
    document.querySelectorAll(".selected").forEach((el) => el.classList.remove("selected"));
    document.querySelectorAll(`[data-passage="${id}"]`).forEach((el) => el.classList.add("selected"));
    current = order.indexOf(String(id));
  }

  // Scroll `side`'s column so its copy of passage `id` sits at `offset` px from the top.
  function placeAt(side, id, offset) {
    const el = first(side, id);
    if (!el) return;
    const col = cols[side];
    const top = el.getBoundingClientRect().top - col.getBoundingClientRect().top + col.scrollTop;
    col.scrollTo({ top: Math.max(0, top - offset), behavior: "instant" });
  }

  function offsetIn(side, el) {
    return el.getBoundingClientRect().top - cols[side].getBoundingClientRect().top;
  }

  // Line the twin up beside the passage the reader chose on `side`.
  function alignTwin(side, id) {
    const el = first(side, id);
    if (!el) return;
    placeAt(other(side), id, offsetIn(side, el));
  }

  function go(id, from = "a") {
    const offset = Math.round(cols[from].clientHeight / 4);
    placeAt(from, id, offset);
    alignTwin(from, id);
    select(id);
    history.replaceState(null, "", `#p${id}`);
    if (status) status.textContent = `Passage ${id} of ${order.length}`;
  }

  function step(delta) {
    if (!order.length) return;
    const next = current < 0 ? (delta > 0 ? 0 : order.length - 1) : (current + delta + order.length) % order.length;
    go(order[next]);
  }

  root.addEventListener("mouseover", (e) => {
    const el = e.target.closest("[data-passage]");
    if (el) setActive(el.dataset.passage, true);
  });
  root.addEventListener("mouseout", (e) => {
    const el = e.target.closest("[data-passage]");
    if (el) setActive(el.dataset.passage, false);
  });
  root.addEventListener("focusin", (e) => {
    const el = e.target.closest("[data-passage]");
    if (el) setActive(el.dataset.passage, true);
  });
  root.addEventListener("focusout", (e) => {
    const el = e.target.closest("[data-passage]");
    if (el) setActive(el.dataset.passage, false);
  });
  root.addEventListener("click", (e) => {
    const el = e.target.closest("[data-passage]");
    if (!el) return;
    const side = sideOf(el);
    const id = el.dataset.passage;
    if (side && onTabs()) {
      // Phone: one column at a time, so the twin is on the other tab: go there, and back.
      const to = other(side);
      showTab(to);
      select(id);
      history.replaceState(null, "", `#p${id}`);
      first(to, id)?.scrollIntoView({ block: "center", behavior: "instant" });
      first(to, id)?.focus({ preventScroll: true });
    } else if (side) {
      alignTwin(side, id);
      select(id);
      history.replaceState(null, "", `#p${id}`);
      showTab(side);
    } else {
      go(id); // a band in the gutter
    }
  });
  root.addEventListener("keydown", (e) => {
    const el = e.target.closest("[data-passage]");
    if (el && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      el.click();
    }
  });

  document.querySelectorAll("[data-goto]").forEach((link) =>
    link.addEventListener("click", (e) => {
      e.preventDefault();
      root.scrollIntoView({ block: "start" });
      go(link.dataset.goto);
    }),
  );

  const toolbar = document.querySelector(".toolbar");
  toolbar?.querySelectorAll("button[hidden]").forEach((b) => (b.hidden = false));
  toolbar?.addEventListener("click", (e) => {
    const button = e.target.closest("[data-action]");
    if (!button) return;
    const action = button.dataset.action;
    if (action === "next") step(1);
    if (action === "prev") step(-1);
    if (action === "swap") {
      e.preventDefault();
      location.assign(button.getAttribute("href") + location.hash);
    }
    if (action === "copy") copyLink(button);
    if (action === "fade") fade(button);
  });

  // "Only in <outlet>", one button per column: dim all of that column but the facts the
  // other article does not report (the server marks them `.only`); the other column, the
  // twins, the ribbon and j/k carry on as before.
  document.querySelectorAll(".only-toggle").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => {
      const on = button.closest(".col").classList.toggle("only-on");
      button.setAttribute("aria-pressed", String(on));
    });
  });

  // Fade what both share, so that what each article says alone stands out.
  function fade(button) {
    const on = root.classList.toggle("faded");
    button.setAttribute("aria-pressed", String(on));
  }

  async function copyLink(button) {
    const link = button.dataset.permalink + (location.hash.startsWith("#p") ? location.hash : "");
    try {
      await navigator.clipboard.writeText(link);
      button.textContent = "Link copied";
    } catch {
      window.prompt("Copy this link:", link);
    }
    setTimeout(() => (button.textContent = "Copy link"), 2000);
  }

  document.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.target.closest("input, textarea, select")) return;
    if (e.key === "j" || e.key === "n") step(1);
    else if (e.key === "k" || e.key === "p") step(-1);
    else if (e.key === "s") location.assign(document.querySelector('[data-action="swap"]').getAttribute("href") + location.hash);
    else if (e.key === "f") fade(document.querySelector('[data-action="fade"]'));
    else return;
    e.preventDefault();
  });

  // Phone: the two columns become two tabs.
  const tabs = document.querySelector(".tabs");
  // The columns are tabs when the tab bar is shown (a narrow screen, see app.css).
  const onTabs = () => Boolean(tabs && !tabs.hidden && getComputedStyle(tabs).display !== "none");
  function showTab(side) {
    if (!tabs) return;
    root.classList.toggle("show-b", side === "b");
    tabs.querySelectorAll("[data-tab]").forEach((t) => t.setAttribute("aria-selected", String(t.dataset.tab === side)));
  }
  if (tabs) {
    tabs.hidden = false;
    tabs.addEventListener("click", (e) => {
      const tab = e.target.closest("[data-tab]");
      if (tab) showTab(tab.dataset.tab);
    });
  }

  // A deep link (#p<id>) opens scrolled to the passage with its twin aligned.
  const deep = /^#p(\d+)$/.exec(location.hash);
  if (deep && first("a", deep[1])) {
    requestAnimationFrame(() => {
      root.scrollIntoView({ block: "start" });
      go(deep[1]);
    });
  }
})();
