// Is this page live? The connection's status line, the watchdog, and polling over plain HTTP.
import { now } from "./shared.js";

function liveElement() { return document.getElementById("live"); }

// One small indicator says which of these is true:
//   live         the socket works: changes appear at once
//   reconnecting the socket dropped or is silent; we are trying again
//   polling      sockets are refused on this network but the server answers: changes are
//                fetched over plain HTTP every few seconds
//   unreachable  the server does not answer at all
// A watchdog reconnects when the first snapshot does not come within a few seconds of load, or
// when nothing (a change or the server's heartbeat) has come for twice the heartbeat interval,
// or when a heartbeat says the page is behind. The page never shows a stale board as live.

var STATUS_TEXT = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  polling: "Updates every few seconds",
  unreachable: "Cannot reach the meeting. What you type is kept and will be sent when it comes back.",
  closed: ""  // closed for good (removed, signed out, meeting gone): the page says why elsewhere
};
var FIRST_MESSAGE_MS = 4000;   // from the socket opening to its first message (the snapshot)
var NEVER_STARTED_MS = 3000;   // a connecting element that htmx never gave a socket
var CONNECT_MS = 15000;        // a socket still connecting after this long is given up
var POLL_MS = 4000;
var POLL_TIMEOUT_MS = 8000;
var REFUSED_BEFORE_POLLING = 3;

var mode = null;
var socketUp = false;
var lastHeard = 0;         // when the current socket last delivered anything
var openedAt = 0;          // when the current socket opened (0: not open)
var attemptAt = now();     // when this page last started a connection of its own
var forced = 0;            // reconnections the watchdog forced since the last good socket
var refused = 0;           // sockets that closed before their first message, while the server answered
var pollTimer = null;
var firstPoll = null;
var polling = false;

// What to do each time the page is told it can reach the meeting again (saving.js sends what waits).
var usable = [];
export function whenUsable(fn) { usable.push(fn); }

// What other modules need to know and do.
export function isSocketUp() { return socketUp; }
export function currentMode() { return mode; }
export { setMode, startPolling };

function heartbeatMs() {
  var live = liveElement();
  var seconds = live ? parseFloat(live.dataset.heartbeat || "10") : 10;
  return (seconds > 0 ? seconds : 10) * 1000;
}

function setMode(next) {
  if (!liveElement()) return;
  var before = mode;
  mode = next;
  // focus.js tells screen readers about a lost connection, and about its return (not every reconnect).
  if (before !== next) document.dispatchEvent(new CustomEvent("meetingroom:mode", { detail: { mode: next, before: before } }));
  var status = document.getElementById("live-status");
  if (status) {
    if (status.textContent !== STATUS_TEXT[next]) status.textContent = STATUS_TEXT[next];
    if (status.dataset.state !== next) status.dataset.state = next;
  }
  // While we cannot trust what we show, nobody is shown as connected.
  document.body.classList.toggle("offline", next === "reconnecting" || next === "unreachable");
  if (next === "live" || next === "polling") usable.forEach(function (fn) { fn(); });
}

// Start the socket again from scratch: a fresh copy of the connecting element, processed by
// htmx, replaces the old one. The old one is detached, so htmx's extension neither reconnects
// it nor swaps its messages, and cleans it up itself; an open socket of it is closed here.
function reconnectNow() {
  var old = liveElement();
  if (!old || !window.htmx) return;
  var connection = old._htmx && old._htmx.ws && old._htmx.ws.connection;
  var fresh = old.cloneNode(false);
  fresh.setAttribute("hx-ws:connect", withoutSeen(fresh.getAttribute("hx-ws:connect") || ""));
  old.replaceWith(fresh);
  if (connection && connection.socket && connection.socket.readyState === WebSocket.OPEN) {
    try { connection.socket.close(); } catch (e) { /* already closing */ }
  }
  socketUp = false;
  openedAt = 0;
  attemptAt = now();
  htmx.process(fresh);
}

// The watchdog's own reconnections back off (4, 8, 16 … 64 s) so that a slow link or a slow
// server is not hammered.
function forceReconnect() {
  forced = Math.min(forced + 1, 5);
  if (mode !== "unreachable" && mode !== "polling") setMode("reconnecting");
  reconnectNow();
  startPolling();
}

// The socket's address says which sequence number the page was drawn at (`seen`), so that its
// first message holds only what changed since, not the whole meeting again. Once a message has
// come, the page has moved on: any later connection asks for the whole view again.
function withoutSeen(url) {
  return url.replace(/([?&])seen=\d*(&|$)/, function (all, lead, tail) { return tail ? lead : ""; });
}

function forgetSeen() {
  var live = liveElement();
  var connection = live && live._htmx && live._htmx.ws && live._htmx.ws.connection;
  if (connection && typeof connection.url === "string") connection.url = withoutSeen(connection.url);
}

function patience(base) { return base * Math.pow(2, Math.max(0, forced - 1)); }

function seqShown() {
  var state = document.getElementById("sync-state");
  return state ? parseInt(state.dataset.seq || "-1", 10) : null;
}

document.addEventListener("htmx:ws:after:connection", function () { openedAt = now(); });

document.addEventListener("htmx:ws:before:connection", function () {
  socketUp = false;
  openedAt = 0;
  if (mode === "live") setMode("connecting");
});

document.addEventListener("htmx:ws:after:message:incoming", function (event) {
  lastHeard = now();
  var data = event.detail && event.detail.message && event.detail.message.data;
  if (typeof data === "string" && data.charAt(0) === "{") {
    var alive = null;
    try { alive = JSON.parse(data).alive; } catch (e) { alive = null; }
    var shown = seqShown();
    if (typeof alive === "number" && shown !== null && alive > shown) {
      forceReconnect();  // the server is further on than this page: start again from a snapshot
      return;
    }
  }
  if (!socketUp) {
    forgetSeen();
    // A socket counts as working when the server's first message (the snapshot) arrives, not
    // when it opens: some proxies accept the connection and then drop it at once.
    socketUp = true;
    refused = 0;
    forced = 0;
    stopPolling();
  }
  var status = document.getElementById("live-status");
  if (mode !== "live" || (status && status.dataset.state !== "live")) setMode("live");  // (a new page part, too)
});

document.addEventListener("htmx:ws:close", function (event) {
  var detail = event.detail || {};
  if (detail.reason === "removed") return;
  var code = detail.code;
  var wasUp = socketUp;
  socketUp = false;
  openedAt = 0;
  if (code === 1000 || (code >= 4000 && code < 5000)) {  // closed for good
    stopPolling();
    setMode("closed");
    return;
  }
  if (!wasUp && mode !== "unreachable") refused += 1;
  if (mode !== "polling" && mode !== "unreachable") setMode("reconnecting");
  startPolling();
});

// Asking over plain HTTP tells us whether the server answers at all, and keeps the page up to
// date while the socket is away. The answer holds the same fragments a socket would send.
function pollOnce() {
  var live = liveElement();
  if (!live || !window.htmx || polling || socketUp || mode === "closed") return;
  polling = true;
  var url = live.getAttribute("hx-ws:connect").replace(/\/ws(\?|$)/, "/updates$1");
  var shown = seqShown();
  url += (url.indexOf("?") < 0 ? "?" : "&") + "since=" + (shown === null ? "" : shown);
  var abort = window.AbortController ? new AbortController() : null;
  var timer = abort ? setTimeout(function () { abort.abort(); }, POLL_TIMEOUT_MS) : null;
  fetch(url, { headers: { "HX-Request": "true" }, credentials: "same-origin", cache: "no-store",
               signal: abort ? abort.signal : undefined })
    .then(function (response) {
      if (response.status >= 500) throw new Error("server error " + response.status);
      return response.status === 204 ? "" : response.text();
    })
    .then(function (html) {
      if (!html || socketUp) return;  // the socket came back meanwhile: it is the fresher
      var found = /id="sync-state"[^>]*data-seq="(\d+)"/.exec(html);
      var current = seqShown();
      if (found && current !== null && parseInt(found[1], 10) < current) return;  // older than what we show
      return htmx.swap({ sourceElement: live, target: live, swap: "none", text: html, transition: false });
    })
    .then(function () {
      if (socketUp) return;
      if (mode === "unreachable") {
        // The server is back: try the socket again at once instead of after a long back-off.
        refused = 0;
        forced = 0;
        setMode("reconnecting");
        reconnectNow();
      } else if (refused >= REFUSED_BEFORE_POLLING) {
        setMode("polling");
      }
    }, function () {
      if (!socketUp) { refused = 0; setMode("unreachable"); }
    })
    .finally(function () { polling = false; if (timer) clearTimeout(timer); });
}

function startPolling() {
  if (pollTimer) return;
  pollTimer = setInterval(pollOnce, POLL_MS);
  firstPoll = setTimeout(pollOnce, 1500);  // a quick restart reconnects before this is needed
}

function stopPolling() {
  if (pollTimer) clearInterval(pollTimer);
  if (firstPoll) clearTimeout(firstPoll);
  pollTimer = firstPoll = null;
}

function watchdog() {
  var live = liveElement();
  if (!live || !window.htmx || mode === "closed") return;
  var t = now();
  if (socketUp) {
    // Nothing at all, not even a heartbeat: this socket is dead.
    if (t - lastHeard > 2 * heartbeatMs()) forceReconnect();
    return;
  }
  if (mode === "polling") {
    if (t - attemptAt > 30000) reconnectNow();  // try the socket again now and then
    return;
  }
  if (mode === "unreachable") return;  // htmx keeps trying; a poll that succeeds starts at once
  var connection = live._htmx && live._htmx.ws && live._htmx.ws.connection;
  var socket = connection && connection.socket;
  if (openedAt && t - openedAt > patience(FIRST_MESSAGE_MS)) {
    forceReconnect();  // accepted, and then nothing: not even the snapshot
  } else if (!connection && t - attemptAt > NEVER_STARTED_MS) {
    forceReconnect();  // htmx never gave this element a socket
  } else if (socket && socket.readyState === WebSocket.CONNECTING && t - attemptAt > patience(CONNECT_MS)) {
    forceReconnect();  // the connection attempt hangs
  }
}

if (liveElement()) {
  setMode("connecting");
  setInterval(watchdog, 1000);
}

// Coming back to this page with the browser's back button: its socket was closed when it was
// left (htmx closes them on pagehide), so open a new one.
window.addEventListener("pageshow", function (event) {
  if (event.persisted) going = false;  // (back on this page: it may be sent on again)
  if (event.persisted && liveElement()) { setMode("reconnecting"); reconnectNow(); }
});

// A meeting that has closed sends every page to its record, once: the closing message and the
// socket's end both ask, and a second send would cut the first short.
var going = false;
export function goWhereTold() {
  var go = document.querySelector("[data-go-to]");
  if (go && !going) {
    going = true;
    window.location.assign(go.getAttribute("data-go-to"));
  }
}
document.addEventListener("htmx:ws:close", function () { setTimeout(goWhereTold, 0); });
