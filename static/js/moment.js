// "I need a moment": this person's own button, drawn for them alone. The socket only says that
// someone's moment changed (never whose); a device that shows "The chair knows you need a
// moment" then fetches its own button again, so the chair's "Seen to" reaches it live.
var checked = null;
var fetching = false;
export function refreshMyMoment() {
  var check = document.getElementById("moment-check");
  var form = document.getElementById("moment");
  if (!check || !form || !window.htmx || fetching) return;
  var needed = form.querySelector("input[name=needed]");
  if (!needed || needed.value !== "0") return;  // "0" is what the button sends when a moment is needed
  if (check.dataset.seq === checked) return;
  checked = check.dataset.seq;
  fetching = true;
  htmx.ajax("GET", check.dataset.url, { target: "#moment", swap: "outerMorph" })
    .finally(function () { fetching = false; });
}
