// What is shown only on this person's own device: the edit button on their own items, and being
// told that the chair removed what they wrote.
import { page } from "./shared.js";

// Show people the edit button on their own items (the server still checks).
export function showOwnControls() {
  var p = page();
  var me = p && p.dataset.me;
  if (!me || p.dataset.view !== "member") return;
  document.querySelectorAll(".item").forEach(function (item) {
    var own = item.querySelector(".own-only");
    if (own) own.hidden = item.dataset.author !== me;
  });
}

// When the chair removes what someone wrote, every device is sent the same words; only the
// author's keeps them (the others were told "an item was removed" already).
export function keepOnlyMine() {
  var p = page();
  var told = document.getElementById("told");
  if (!p || !told) return;
  told.querySelectorAll("[data-for]").forEach(function (note) {
    if (note.dataset.for === p.dataset.me) note.hidden = false;
    else note.remove();
  });
}

document.addEventListener("DOMContentLoaded", function () { keepOnlyMine(); showOwnControls(); });
