// A phone scrolled into a column still sees that a question waits ("Go to the question"). It
// stands aside while the question is in view, goes once this person has answered, and a
// notice that only says "have a look" goes once they have looked.
// Any part of the question or of its form on screen, or focus in them, counts as in view.
var seenNotices = {};
var inView = {};
var watcher = null;
var watched = [];

function panelInView() {
  var panel = document.getElementById("scale-panel");
  var focusIn = panel && panel.contains(document.activeElement);
  return !!focusIn || Object.keys(inView).some(function (id) { return inView[id]; });
}

export function fitScaleNotice() {
  var box = document.getElementById("scale-notice");
  if (!box) return;
  var note = box.querySelector("[data-key]");
  var answered = document.querySelector("#scale-answer[data-answered]");
  var seen = panelInView();
  if (note && seen) seenNotices[note.dataset.key] = true;
  var show = note && !seen && (note.dataset.until === "answered" ? !answered : !seenNotices[note.dataset.key]);
  box.classList.toggle("showing", !!show);
}

// Watches the question and the form on the page now: a swap (being let in, a new form) brings new ones.
export function watchScalePanel() {
  if (!window.IntersectionObserver || !document.getElementById("scale-notice")) return;
  var now = ["scale", "scale-answer"].map(function (id) { return document.getElementById(id); })
    .filter(Boolean);
  if (now.length === watched.length && now.every(function (el, n) { return el === watched[n]; })) return;
  if (watcher) watcher.disconnect();
  inView = {};
  watched = now;
  watcher = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) { inView[entry.target.id] = entry.isIntersecting; });
    fitScaleNotice();
  }, { threshold: 0 });
  now.forEach(function (el) { watcher.observe(el); });
}
document.addEventListener("focusin", fitScaleNotice);
document.addEventListener("DOMContentLoaded", function () { watchScalePanel(); fitScaleNotice(); });
