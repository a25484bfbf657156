// "I need a moment": this person's own button, drawn for them alone. The socket only says that
// someone's moment changed (never whose); a device that shows "The chair knows you need a
// moment" then fetches its own button again, so the chair's "Seen to" reaches it live.
var checked = null;
var fetching = false;
// While this person's own "I am ready" is on its way, the news is about that very change: fetching
// the button then would say "The chair has seen to it". Its own answer says what happened.
var ownChange = false;

function isOwnChange(event) {
  var ctx = event.detail && event.detail.ctx;
  return event.target && event.target.id === "moment" && !!(ctx && ctx.request && ctx.request.method !== "GET");
}
document.addEventListener("htmx:before:request", function (event) { if (isOwnChange(event)) ownChange = true; });
document.addEventListener("htmx:finally:request", function (event) { if (isOwnChange(event)) ownChange = false; });

export function refreshMyMoment() {
  var check = document.getElementById("moment-check");
  var form = document.getElementById("moment");
  if (!check || !form || !window.htmx || fetching || ownChange) return;
  var needed = form.querySelector("input[name=needed]");
  if (!needed || needed.value !== "0") return;  // "0" is what the button sends when a moment is needed
  if (check.dataset.seq === checked) return;
  checked = check.dataset.seq;
  fetching = true;
  htmx.ajax("GET", check.dataset.url, { target: "#moment", swap: "outerMorph" })
    .finally(function () { fetching = false; });
}
