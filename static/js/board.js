/* Meeting Room — the chair's board shows the meeting (issue 24).

   - A success is a quiet status ("The shared screen is blank."), not an alert: answers that went
     well are put in #done (role=status); failures still go to #flash (role=alert).
   - An item's menu closes once one of its actions is done, and focus goes back to its "Change"
     (or, if the item went away, to its column's heading).
   - "Edit" opens the editor over the item's own box, as tall as its words need. */
function isFlash(target) {
  return target === "#flash" || (target && target.id === "flash");
}

document.addEventListener("htmx:after:request", function (event) {
  var ctx = event.detail && event.detail.ctx;
  if (!ctx || !ctx.response || !isFlash(ctx.target) || !document.getElementById("done")) return;
  if (ctx.response.status < 400) ctx.target = "#done";
});
document.addEventListener("htmx:before:request", function () {
  var done = document.getElementById("done");
  if (done && done.textContent) done.textContent = "";
});

// ------------------------------------------------------------------ menus close after acting

document.addEventListener("htmx:after:request", function (event) {
  var source = event.target;
  var menu = source && source.closest ? source.closest("details.item-menu, details.bar-menu") : null;
  if (!menu || !(event.detail && event.detail.ctx && event.detail.ctx.response)) return;
  var item = menu.closest(".item");
  var column = menu.closest(".column");
  var itemId = item ? item.id : null;
  menu.open = false;
  if (source.matches("[hx-get*='/edit']")) return;  // the editor takes focus
  window.setTimeout(function () {  // after the item (or its column) is drawn again
    var again = itemId && document.getElementById(itemId);
    var summary = again && again.querySelector("details.item-menu > summary");
    if (summary) { summary.focus(); return; }
    var heading = column && column.querySelector("h2");
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
  }, 0);
});

// ------------------------------------------------------------------ the editor, in place

function placeEditors() {
  document.querySelectorAll("form.editor").forEach(function (form) {
    var match = /\/items\/([^/]+)$/.exec(form.getAttribute("hx-post") || "");
    var item = match && document.getElementById("item-" + match[1]);
    var column = form.closest(".column");
    if (!item || !column || !column.contains(item)) { form.classList.remove("in-place"); return; }
    form.classList.add("in-place");  // out of the column's flow first, then measured
    var c = column.getBoundingClientRect(), r = item.getBoundingClientRect();
    form.style.top = (r.top - c.top) + "px";
    form.style.left = (r.left - c.left) + "px";
    form.style.width = r.width + "px";
    var text = form.querySelector("textarea[name=text]");
    if (text) {
      text.style.height = "auto";
      text.style.height = Math.max(text.scrollHeight + 6, 88) + "px";  // big enough for its words
    }
  });
}
document.addEventListener("htmx:after:swap", placeEditors);
window.addEventListener("resize", placeEditors);
document.addEventListener("input", function (event) {
  if (event.target.matches && event.target.matches("form.editor.in-place textarea[name=text]")) {
    event.target.style.height = "auto";
    event.target.style.height = (event.target.scrollHeight + 6) + "px";
  }
});
