// Meeting Room: focus that is never hidden or lost, and what changed said out loud.
//
//  - Nothing fixed or sticky covers the focused element: the page's scroll padding follows the
//    bars that stay on screen, and a focused element under one is scrolled out from under it.
//  - After every swap and live change, focus is somewhere on purpose: the same control if it is
//    still there, else the nearest part of the page that still is (a pause's heading while paused,
//    back to the field you were in when it ends; the board's heading when you are let in).
//  - A field someone is typing in stays where it was on the screen when something above it grows.
//  - What happened is said in #say, a live region that is in the page from the start (outside
//    #page, so swapping the page does not replace it): being let in, "Saved", a lost connection
//    and its return. The meeting's own changes are said by the board's #announce.
var FOCUSABLE = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), ' +
                'textarea:not([disabled]), summary, [tabindex="-1"], h1, h2, h3';
var BARS = ".jump, .notices, #scale-notice, #live-status";
var GAP = 8;

function say(text) {
  var region = document.getElementById("say");
  if (!region || !text) return;
  // The same words twice in a row are still said: the region is emptied first.
  region.textContent = "";
  setTimeout(function () { region.textContent = text; }, 50);
}

function shown(el) {
  if (!el || !el.isConnected || !el.getClientRects().length) return false;
  var r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
}

function focusOn(el) {
  if (!el) return false;
  if (!el.matches('a[href], button, input, select, textarea, summary, [tabindex]')) el.setAttribute("tabindex", "-1");
  el.focus();
  return document.activeElement === el;
}

// ------------------------------------------------------------------ the bars that stay on screen

function barRects() {
  var rects = [];
  document.querySelectorAll(BARS).forEach(function (bar) {
    if (!shown(bar)) return;
    var position = getComputedStyle(bar).position;
    if (position !== "fixed" && position !== "sticky") return;
    var r = bar.getBoundingClientRect();
    if (r.height > 0 && r.bottom > 0 && r.top < window.innerHeight) rects.push({ bar: bar, rect: r });
  });
  return rects;
}

// The scroll padding says how much of the top and the bottom the bars take, so that the browser
// scrolls what it focuses into the part of the screen they leave free.
function fitScrollPadding() {
  var top = 0, bottom = 0, h = window.innerHeight;
  document.querySelectorAll(BARS).forEach(function (bar) {
    if (!shown(bar)) return;
    var position = getComputedStyle(bar).position;
    var r = bar.getBoundingClientRect();
    if (position === "sticky") top = Math.max(top, r.height);
    else if (position === "fixed" && r.top > h / 2) bottom = Math.max(bottom, h - r.top);
    else if (position === "fixed") top = Math.max(top, r.bottom);
  });
  var root = document.documentElement.style;
  root.scrollPaddingTop = top ? (top + GAP) + "px" : "";
  root.scrollPaddingBottom = bottom ? (bottom + GAP) + "px" : "";
}

// A focused element under a bar is scrolled out from under it.
function uncover() {
  var el = document.activeElement;
  if (!el || el === document.body || !shown(el)) return;
  var r = el.getBoundingClientRect();
  var h = window.innerHeight;
  // Partly off the screen (the browser leaves a half-shown link in a sideways-scrolling bar).
  var box = el.closest(".jump") || document.documentElement;
  var right = Math.min(window.innerWidth, box.getBoundingClientRect().right);
  if (r.left < 0 || r.right > right + 1 || r.top < 0 || r.bottom > h) {
    el.scrollIntoView({ block: "nearest", inline: "nearest" });
    r = el.getBoundingClientRect();
  }
  barRects().forEach(function (found) {
    var bar = found.bar, b = found.rect;
    if (bar.contains(el) || el.contains(bar)) return;
    if (b.bottom <= r.top || b.top >= r.bottom || b.right <= r.left || b.left >= r.right) return;
    var shift = b.top < h / 2 ? r.top - b.bottom - GAP : r.bottom - b.top + GAP;
    if (b.top < h / 2 && shift > 0) return;
    window.scrollBy(0, shift);
    r = el.getBoundingClientRect();
  });
}

// Only focus that moved by keyboard (or by script) is scrolled out from under a bar. A tap or a
// click focuses what is under the finger; scrolling the page between the press and the release
// would move the button away, and the click would land beside it.
var pointing = false;
document.addEventListener("pointerdown", function () { pointing = true; }, true);
["pointerup", "pointercancel"].forEach(function (name) {
  document.addEventListener(name, function () { setTimeout(function () { pointing = false; }, 0); }, true);
});

function fitAndUncover() { fitScrollPadding(); if (!pointing) uncover(); }

// ------------------------------------------------------------------ where focus was

var last = null;          // the element that had focus, and the ids of the parts it was in
var outside = null;       // the last element focused outside the pause message, to go back to
var returnTo = null;      // its id, while it has not come back yet (a form fetched after the pause)
var wasLobby = !!document.getElementById("lobby-status");
var wasPaused = !!document.getElementById("pause-heading");

document.addEventListener("focusin", function (event) {
  var el = event.target;
  var ids = [];
  for (var up = el.parentElement; up; up = up.parentElement) if (up.id) ids.push(up.id);
  last = { el: el, id: el.id || null, ids: ids };
  if (!el.closest("#pause") && el.id !== "board-heading") outside = el;
  // Now, and again once the browser has scrolled the element into view and drawn the page.
  fitAndUncover();
  requestAnimationFrame(fitAndUncover);
});

function nowhere() {
  var active = document.activeElement;
  return !active || active === document.body || !shown(active);
}

function lost() {
  var active = document.activeElement;
  var gone = !active || active === document.body || !shown(active);
  return gone && !!last && !shown(last.el);
}

// Focus to the same control if it is there again, else to the nearest part still shown.
function recover() {
  var same = last.id && document.getElementById(last.id);
  if (shown(same) && focusOn(same)) return;
  for (var n = 0; n < last.ids.length; n++) {
    var part = document.getElementById(last.ids[n]);
    if (!shown(part)) continue;
    var inside = Array.prototype.filter.call(part.querySelectorAll(FOCUSABLE), shown)[0];
    if (focusOn(inside || part)) return;
  }
}

// ------------------------------------------------------------------ a field stays where it was

var typing = null;  // the focused field and where it was on the screen before a swap
function noteTyping() {
  var el = document.activeElement;
  typing = el && el.matches && el.matches("textarea, input, select") ? { el: el, top: el.getBoundingClientRect().top } : null;
}
document.addEventListener("htmx:before:swap", noteTyping);
document.addEventListener("htmx:ws:before:message:incoming", noteTyping);

function keepTypingInPlace() {
  if (!typing || document.activeElement !== typing.el || !shown(typing.el)) return;
  var moved = typing.el.getBoundingClientRect().top - typing.top;
  if (Math.abs(moved) > 1) window.scrollBy(0, moved);
}

// ------------------------------------------------------------------ what is typed is kept

// Words typed and not yet saved are put back when their field is drawn again (a pause empties
// a family device and fetches the answer form again when it ends). Sending a form forgets them.
var drafts = {};
document.addEventListener("input", function (event) {
  var el = event.target;
  if (el.id && el.matches("textarea, input[type=text], input:not([type])")) drafts[el.id] = { el: el, value: el.value };
});
document.addEventListener("htmx:before:request", function (event) {
  var ctx = event.detail && event.detail.ctx;
  if (ctx && ctx.request && ctx.request.method && ctx.request.method !== "GET") {
    var form = event.target && event.target.closest ? event.target.closest("form") : null;
    if (form) form.querySelectorAll("[id]").forEach(function (field) { delete drafts[field.id]; });
    sending += 1;
    event.target.addEventListener("htmx:finally:request", function done() {
      event.target.removeEventListener("htmx:finally:request", done);
      setTimeout(function () { sending -= 1; }, 0);  // after its own swap has been looked at
    });
  }
});
function putDraftsBack() {
  Object.keys(drafts).forEach(function (id) {
    var draft = drafts[id], el = document.getElementById(id);
    if (!el || el === draft.el) return;
    if (el.value !== draft.value) el.value = draft.value;
    draft.el = el;
  });
}

// ------------------------------------------------------------------ said out loud

// The add forms are drawn again whole (their field must empty); the answer form and "I need a
// moment" are morphed, so their own status lines already say what happened.
var STATUSES = ".add-form .form-status";
var sending = 0;  // requests this person sent that have not finished: their statuses are said

// Statuses drawn with a form are said here; the text already said is not said again.
function sayStatuses(quietly) {
  document.querySelectorAll(STATUSES).forEach(function (status) {
    var text = status.textContent.replace(/\s+/g, " ").trim();
    var before = status.dataset.said;
    status.dataset.said = text;
    if (quietly || !text || (before && before.indexOf(text) >= 0)) return;
    say(text);
  });
}

// Only a loss of a connection that worked, and its return, are said: not every reconnect.
var wasUp = false;
var wasDown = false;
document.addEventListener("meetingroom:mode", function (event) {
  var d = event.detail;
  var down = d.mode === "reconnecting" || d.mode === "unreachable";
  var up = d.mode === "live" || d.mode === "polling";
  if (!wasUp) { wasUp = up; return; }
  if (down && !wasDown) {
    wasDown = true;
    say("The connection is lost. Trying again. What you type is kept.");
  } else if (wasDown && up) {
    wasDown = false;
    say("Connected again. The meeting is up to date.");
  }
});

// ------------------------------------------------------------------ after every change

function afterChange() {
  putDraftsBack();
  keepTypingInPlace();
  typing = null;
  var board = document.getElementById("board-heading");
  var pauseHeading = document.getElementById("pause-heading");
  if (wasLobby && board) {
    wasLobby = false;
    sayStatuses(true);
    focusOn(board);
    say("The chair has let you in. You are in the meeting now.");
  } else if (pauseHeading && !wasPaused) {
    if (nowhere() || !document.activeElement.closest("#pause")) focusOn(pauseHeading);
  } else if (!pauseHeading && wasPaused) {
    // Back to where they were (a field keeps what they had typed), else the board's heading.
    if (nowhere() || document.activeElement === board || document.activeElement.closest("#pause")) {
      var back = outside && (outside.isConnected ? outside : outside.id && document.getElementById(outside.id));
      if (!(shown(back) && focusOn(back))) { focusOn(board); returnTo = outside && outside.id; }
    }
  } else {
    var again = returnTo && document.getElementById(returnTo);
    if (again && shown(again) && document.activeElement === board) { returnTo = null; focusOn(again); }
    if (lost()) recover();
    sayStatuses(sending === 0);
  }
  wasLobby = !!document.getElementById("lobby-status");
  wasPaused = !!pauseHeading;
  fitAndUncover();
}

// After saving.js has put focus back where it knows to (after_swap.js's handler runs first:
// main.js imports it before this module).
document.addEventListener("htmx:after:swap", function () { setTimeout(afterChange, 0); });
document.addEventListener("keydown", function () { returnTo = null; });
document.addEventListener("DOMContentLoaded", function () { sayStatuses(true); fitScrollPadding(); });
window.addEventListener("resize", fitAndUncover);
// A focused element that a change hid or took away (the browser only blurs it later).
document.addEventListener("focusout", function () { setTimeout(function () { if (lost()) recover(); }, 0); });
