// Saving: a save that did not get through waits and is sent again; focus goes back to the field
// someone was in; "Saved ✓" goes after a while.
import { currentMode, isSocketUp, setMode, startPolling, whenUsable } from "./live.js";

// A save that never reached the server keeps its text, says so, and is sent again by itself
// when the connection comes back (adding an item twice is harmless: each form carries a
// one-time token the server remembers).
document.addEventListener("htmx:error", function (event) {
  var ctx = event.detail && event.detail.ctx;
  if (!ctx || !ctx.request || ctx.request.method === "GET") return;  // only what someone tried to save
  var elt = event.target;
  var form = elt && elt.closest ? elt.closest("form") : null;
  var status = form && form.querySelector(".form-status");
  var resendable = form && form.hasAttribute("hx-post") && !form.hasAttribute("hx-trigger");
  if (resendable && !isSocketUp()) {
    form.dataset.waiting = "1";
    if (status) {
      status.textContent = "Not sent yet. It will be sent when the connection comes back.";
      status.classList.add("error");
    }
    if (currentMode() !== "polling") setMode("unreachable");
    startPolling();
    return;
  }
  var message = "Not sent. Check your connection, then try again.";
  var flash = document.getElementById("flash");
  if (status) { status.textContent = message; status.classList.add("error"); }
  else if (flash) flash.textContent = message;
});

function resendWaiting() {
  document.querySelectorAll("form[data-waiting]").forEach(function (form) {
    delete form.dataset.waiting;
    if (form.isConnected && form.requestSubmit) form.requestSubmit();
  });
}

// Clear an old message when the next action starts; remember which field the person was in, so
// that focus goes back there when the form is drawn again (not to the top of the page).
var focusedId = null;
document.addEventListener("htmx:before:request", function () {
  var flash = document.getElementById("flash");
  if (flash && flash.textContent) flash.textContent = "";
  focusedId = null;  // never an earlier form's field (focus.js keeps focus in forms without an id)
  var active = document.activeElement;
  var form = active && active.closest ? active.closest("form") : null;
  if (form && form.id) {
    var field = form.querySelector("textarea, input:not([type=hidden]), select");
    focusedId = field && field.id ? field.id : null;
  }
});

export function restoreFocus() {
  if (!focusedId) return;
  var active = document.activeElement;
  if (active && active !== document.body && active.isConnected) return;
  var field = document.getElementById(focusedId);
  focusedId = null;
  if (field) field.focus();
}

// "Saved ✓" says what just happened, then goes (the screen reader has heard it by then).
export function fadeSaved() {
  document.querySelectorAll(".form-status .saved").forEach(function (mark) {
    if (mark.dataset.fading) return;
    mark.dataset.fading = "1";
    setTimeout(function () { if (mark.isConnected) mark.remove(); }, 5000);
  });
}

whenUsable(resendWaiting);
