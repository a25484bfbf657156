/* Meeting Room — the shared screen lays itself out (issue 24).

   Nobody scrolls a TV, and nothing on it may be cut: every word of every item is shown, no card is
   clipped, nothing the room reads is under 28px. Each column fills its height first; only a column
   that truly does not fit turns its pages, by itself, every few seconds ("2 of 3" by its heading).
   An item too long for its column gets smaller type, down to 28px; if it still does not fit it gets
   a page of its own across the whole stage. The chair can let one column take the stage ("Focus
   on"): it flows into two or three sub-columns. After a change, the page with the newest item is
   shown first. The layout is measured in the browser, page by page, never guessed from lengths. */
(function () {
  "use strict";

  var FLOOR = 28;         // px: the smallest type the room is asked to read
  var PAGE_SECONDS = 8;   // how long a page stays (data-page-seconds on #page changes it, for tests)
  var plan = null;        // {columns: [{column, box, items, pages: [[item]], solos: [item]}], normal, steps}
  var step = 0;
  var timer = null;
  var seen = null;        // ids of the items already shown, to tell which are new
  var pending = false;

  function screen() {
    var p = document.getElementById("page");
    return p && p.dataset.view === "screen" ? p : null;
  }
  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }
  function stage() { return document.querySelector(".screen-stage"); }
  function focused() {
    var mode = document.getElementById("screen-mode");
    return mode ? mode.dataset.focus || "" : "";
  }

  // Wholly inside the box: nothing cut at any edge, and in one piece (in sub-columns a card too
  // tall for one is split across two, and its outline alone would still look inside).
  function inside(el, box) {
    var r = el.getBoundingClientRect(), b = box.getBoundingClientRect();
    return r.height > 0 && el.getClientRects().length === 1 && r.top >= b.top - 1 && r.bottom <= b.bottom + 1 && r.left >= b.left - 1 && r.right <= b.right + 1;
  }

  // Show these items of a column only, and the sections that hold one of them. A column with no
  // items at all shows its sections' "Nothing here yet."
  function showOnly(column, items, shown) {
    items.forEach(function (item) { item.hidden = shown.indexOf(item) < 0; });
    all(column, ".section").forEach(function (section) {
      section.hidden = items.length > 0 && !section.querySelector(".item:not([hidden])");
    });
  }

  // Smaller type, 2px at a time down to the floor, until the item fits; true if it does.
  function shrink(item, box) {
    var size = parseFloat(getComputedStyle(item).fontSize);
    while (!inside(item, box) && size > FLOOR) {
      size = Math.max(FLOOR, size - 2);
      item.style.fontSize = size + "px";
    }
    return inside(item, box);
  }

  // How many items from `from` on are wholly in view, all items from `from` on being shown.
  function fitting(column, every, items, from, box) {
    showOnly(column, every, items.slice(from));
    var to = from;
    while (to < items.length && inside(items[to], box)) to++;
    return to;
  }

  // A column's pages, at the largest type (down to 28px) at which the whole column fits on one
  // page; a column that does not fit even then pages at 28px, so each page holds the most.
  function pagesOf(column) {
    var box = column.querySelector(".items");
    box.style.fontSize = "";
    var size = parseFloat(getComputedStyle(box).fontSize);
    for (;;) {
      var paged = pagesAt(column, box);
      if ((paged.pages.length === 1 && !paged.solos.length) || size <= FLOOR) return paged;
      size = Math.max(FLOOR, size - 2);
      box.style.fontSize = size + "px";
    }
  }

  // Shown alone at the top of the column, does the item fit (with smaller type if need be)?
  function fitsAlone(column, every, item, box) {
    showOnly(column, every, [item]);
    return shrink(item, box);
  }

  // As many items as fit on each page, in order. An item that cannot fit even alone at 28px is
  // set aside for a page of its own (across the whole stage), and the page fills on without it.
  function pagesAt(column, box) {
    var every = all(column, ".item");
    var items = every.slice();  // less those set aside for a page of their own
    var pages = [], solos = [], from = 0;
    every.forEach(function (item) { item.style.fontSize = ""; });
    while (from < items.length) {
      var to = fitting(column, every, items, from, box);
      if (to < items.length && !fitsAlone(column, every, items[to], box)) {
        items[to].style.fontSize = "";
        solos.push(items.splice(to, 1)[0]);
        continue;
      }
      if (to === from) to = fitting(column, every, items, from, box);  // it fits alone with smaller type
      pages.push(items.slice(from, to));
      from = to;
    }
    return { column: column, box: box, size: box.style.fontSize, items: every, pages: pages.length ? pages : [[]],
             solos: solos };
  }

  // Set the stage as the chair chose (one column in focus, or all), then measure every column.
  function measure() {
    var st = stage();
    if (!st) return null;  // the page was replaced (the meeting closed): nothing left to lay out
    // Headings are measured with room for the longest "· 88 of 88": the real one is never wider,
    // so no heading grows after the pages are counted.
    all(document, ".screen .page-of").forEach(function (el) { el.textContent = "· 88 of 88"; });
    var focus = focused();
    st.classList.remove("solo");
    st.classList.toggle("focus", !!focus);
    var columns = all(document, ".screen .column");
    columns.forEach(function (column) {
      column.classList.remove("solo-column");
      column.hidden = !!focus && column.id !== "col-" + focus;
      var box = column.querySelector(".items");
      if (box) box.style.columnCount = "";
    });
    var shown = columns.filter(function (column) { return !column.hidden && column.querySelector(".items"); });
    if (!shown.length || shown[0].querySelector(".items").clientHeight === 0) return null;  // a scale or a pause has the screen
    var measured = focus ? [inSubColumns(shown[0], st)] : shown.map(pagesOf);
    var normal = Math.max.apply(null, measured.map(function (c) { return c.pages.length; }));
    var solos = measured.reduce(function (n, c) { return n + c.solos.length; }, 0);
    return { columns: measured, normal: normal, steps: normal + solos };
  }

  // The column in focus flows into two or three sub-columns (each at least 12 of the screen's
  // type wide), or one where long items would otherwise each need a page of their own: the
  // count that shows the column in the fewest pages.
  function inSubColumns(column, st) {
    var em = parseFloat(getComputedStyle(st).fontSize);
    var most = Math.max(1, Math.min(3, Math.floor(st.clientWidth / (em * 12))));
    var box = column.querySelector(".items");
    var best = null;
    for (var n = most; n >= 1; n--) {
      box.style.columnCount = String(n);
      var paged = pagesOf(column);
      if (!best || paged.pages.length + paged.solos.length < best.steps) best = { n: n, steps: paged.pages.length + paged.solos.length };
    }
    box.style.columnCount = String(best.n);
    var measured = best.n === 1 ? paged : pagesOf(column);
    measured.count = String(best.n);
    return measured;
  }

  function soloAt(index) {
    for (var i = 0; i < plan.columns.length; i++) {
      var c = plan.columns[i];
      if (index < c.solos.length) return { c: c, item: c.solos[index], index: index };
      index -= c.solos.length;
    }
    return null;
  }

  function label(c, shown, total) {
    var el = c.column.querySelector(".page-of");
    if (el) el.textContent = total > 1 ? "· " + shown + " of " + total : "";
  }

  // Show step `s` of the plan: every column's page, or one long item across the stage.
  function show(s) {
    if (!plan || !stage()) return;
    step = ((s % plan.steps) + plan.steps) % plan.steps;
    var solo = step >= plan.normal ? soloAt(step - plan.normal) : null;
    stage().classList.toggle("solo", !!solo);
    plan.columns.forEach(function (c) {
      var total = c.pages.length + c.solos.length;
      c.column.classList.toggle("solo-column", !!solo && solo.c === c);
      if (solo) {
        if (solo.c !== c) return;
        c.box.style.columnCount = "";
        c.box.style.fontSize = "";
        showOnly(c.column, c.items, [solo.item]);
        solo.item.style.fontSize = "";
        shrink(solo.item, c.box);
        label(c, c.pages.length + solo.index + 1, total);
      } else {
        c.box.style.columnCount = c.count || "";
        c.box.style.fontSize = c.size;
        var page = step % c.pages.length;
        showOnly(c.column, c.items, c.pages[page]);
        label(c, page + 1, total);
      }
    });
  }

  function stepOf(item) {
    var solos = 0;
    for (var i = 0; i < plan.columns.length; i++) {
      var c = plan.columns[i];
      for (var p = 0; p < c.pages.length; p++) if (c.pages[p].indexOf(item) >= 0) return p;
      var k = c.solos.indexOf(item);
      if (k >= 0) return plan.normal + solos + k;
      solos += c.solos.length;
    }
    return -1;
  }

  function schedule() {
    if (timer) clearTimeout(timer);
    var seconds = parseFloat(screen().dataset.pageSeconds || PAGE_SECONDS);
    timer = setTimeout(function () { show(step + 1); schedule(); }, seconds * 1000);
  }

  // Measure again (after any change, a resize or the chair's choice), and show the page with the
  // newest item if one came; otherwise carry on where the screen was.
  function layOut() {
    pending = false;
    if (!screen()) return;
    delete screen().dataset.layout;
    plan = measure();
    var now = {}, newest = null;
    all(document, ".screen .item").forEach(function (item) {
      now[item.id] = true;
      if (seen && !seen[item.id]) newest = item;
    });
    seen = now;
    if (!plan) return;
    var at = newest ? stepOf(newest) : -1;
    show(at >= 0 ? at : step);
    if (at >= 0 || !timer) schedule();  // a full turn's time to read the new item
  }

  // Laid out once before the next frame, however many fragments a message swapped. Until then
  // the page says so (data-layout="pending"): nothing is painted in between.
  function later() {
    if (pending) return;
    pending = true;
    screen().dataset.layout = "pending";
    window.requestAnimationFrame(layOut);
  }

  if (!screen()) return;
  document.addEventListener("DOMContentLoaded", later);
  window.addEventListener("resize", later);
  document.addEventListener("htmx:after:swap", later);
  window.addEventListener("load", later);  // the type's final size is known once the fonts are in
})();
