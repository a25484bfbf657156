// Meeting Room: the little behaviour htmx does not do for us. No inline scripts (strict CSP).
(function () {
  "use strict";

  // Keep the live connection when a phone switches tabs: htmx 4 closes hidden tabs' sockets by
  // default, which would make a participant look as if they had left.
  if (window.htmx) {
    htmx.config.ws = Object.assign({}, htmx.config.ws, { pauseOnBackground: false });
  }

  function page() { return document.getElementById("page"); }
  function liveElement() { return document.getElementById("live"); }
  function now() { return Date.now(); }

  // Every change is sent with the session's form token.
  document.addEventListener("htmx:config:request", function (event) {
    var p = page();
    var token = p && p.dataset.csrf;
    if (token && event.detail && event.detail.ctx) {
      event.detail.ctx.request.headers["X-CSRF-Token"] = token;
    }
  });

  // Show people the edit button on their own items (the server still checks).
  function showOwnControls() {
    var p = page();
    var me = p && p.dataset.me;
    if (!me || p.dataset.view !== "member") return;
    document.querySelectorAll(".item").forEach(function (item) {
      var own = item.querySelector(".own-only");
      if (own) own.hidden = item.dataset.author !== me;
    });
  }

  // ------------------------------------------------------------------ is this page live?
  //
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
    unreachable: "Cannot reach the meeting. What you type is kept and will be sent when it comes back."
  };
  var FIRST_MESSAGE_MS = 4000;
  var POLL_MS = 4000;
  var REFUSED_BEFORE_POLLING = 3;

  var mode = null;
  var socketUp = false;
  var lastHeard = 0;         // when the current socket last delivered anything
  var connectStarted = now();
  var refused = 0;           // sockets that closed before their first message, while the server answered
  var pollTimer = null;
  var polling = false;

  function heartbeatMs() {
    var live = liveElement();
    var seconds = live ? parseFloat(live.dataset.heartbeat || "10") : 10;
    return (seconds > 0 ? seconds : 10) * 1000;
  }

  function setMode(next) {
    if (!liveElement()) return;
    mode = next;
    var status = document.getElementById("live-status");
    if (status) {
      if (status.textContent !== STATUS_TEXT[next]) status.textContent = STATUS_TEXT[next];
      status.dataset.state = next;
    }
    // While we cannot trust what we show, nobody is shown as connected.
    document.body.classList.toggle("offline", next === "reconnecting" || next === "unreachable");
    if (next === "live" || next === "polling") resendWaiting();
  }

  // Start the socket again from scratch: a fresh copy of the connecting element, processed by
  // htmx, replaces the old one (whose socket, if any, is closed without reconnecting).
  function reconnectNow() {
    var old = liveElement();
    if (!old || !window.htmx) return;
    var connection = old._htmx && old._htmx.ws && old._htmx.ws.connection;
    var fresh = old.cloneNode(false);
    old.replaceWith(fresh);  // detached: htmx's extension no longer reconnects it
    if (connection) {
      if (connection.timer) clearTimeout(connection.timer);
      try { if (connection.socket) connection.socket.close(); } catch (e) { /* already closed */ }
    }
    socketUp = false;
    connectStarted = now();
    htmx.process(fresh);
  }

  function seqShown() {
    var state = document.getElementById("sync-state");
    return state ? parseInt(state.dataset.seq || "-1", 10) : null;
  }

  document.addEventListener("htmx:ws:after:message:incoming", function (event) {
    lastHeard = now();
    var data = event.detail && event.detail.message && event.detail.message.data;
    if (typeof data === "string" && data.charAt(0) === "{") {
      var alive = null;
      try { alive = JSON.parse(data).alive; } catch (e) { alive = null; }
      var shown = seqShown();
      if (typeof alive === "number" && shown !== null && alive > shown) {
        reconnectNow();  // the server is further on than this page: start again from a snapshot
        return;
      }
    }
    if (!socketUp) {
      // A socket counts as working when the server's first message (the snapshot) arrives, not
      // when it opens: some proxies accept the connection and then drop it at once.
      socketUp = true;
      refused = 0;
      stopPolling();
    }
    if (mode !== "live") setMode("live");
  });

  document.addEventListener("htmx:ws:close", function (event) {
    var detail = event.detail || {};
    if (detail.reason === "removed") return;
    var code = detail.code;
    var wasUp = socketUp;
    socketUp = false;
    if (code === 1000 || (code >= 4000 && code < 5000)) { stopPolling(); return; }  // closed for good
    if (!wasUp && mode !== "unreachable") refused += 1;
    connectStarted = now();
    if (mode !== "polling" && mode !== "unreachable") setMode("reconnecting");
    startPolling();
  });

  // Asking over plain HTTP tells us whether the server answers at all, and keeps the page up to
  // date while the socket is away. The answer holds the same fragments a socket would send.
  function pollOnce() {
    var live = liveElement();
    if (!live || !window.htmx || polling) return;
    polling = true;
    var url = live.getAttribute("hx-ws:connect").replace(/\/ws(\?|$)/, "/updates$1");
    var shown = seqShown();
    url += (url.indexOf("?") < 0 ? "?" : "&") + "since=" + (shown === null ? "" : shown);
    fetch(url, { headers: { "HX-Request": "true" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status >= 500) throw new Error("server error " + response.status);
        return response.status === 204 ? "" : response.text();
      })
      .then(function (html) {
        if (html) return htmx.swap({ sourceElement: live, target: live, swap: "none", text: html, transition: false });
      })
      .then(function () {
        if (socketUp) return;
        if (mode === "unreachable") {
          // The server is back: try the socket again at once instead of after a long back-off.
          refused = 0;
          setMode("reconnecting");
          reconnectNow();
        } else if (refused >= REFUSED_BEFORE_POLLING) {
          setMode("polling");
        }
      }, function () {
        if (!socketUp) { refused = 0; setMode("unreachable"); }
      })
      .finally(function () { polling = false; });
  }

  function startPolling() {
    if (pollTimer) return;
    pollTimer = setInterval(pollOnce, POLL_MS);
    setTimeout(pollOnce, 1500);  // a quick restart reconnects before the first poll is needed
  }

  function stopPolling() {
    if (pollTimer) clearInterval(pollTimer);
    pollTimer = null;
  }

  function watchdog() {
    if (!liveElement() || !window.htmx) return;
    var t = now();
    if (socketUp && t - lastHeard > 2 * heartbeatMs()) {
      setMode("reconnecting");  // nothing at all, not even a heartbeat: this socket is dead
      reconnectNow();
      startPolling();
    } else if (!socketUp && (mode === "connecting" || mode === "reconnecting") && t - connectStarted > FIRST_MESSAGE_MS) {
      setMode("reconnecting");  // the snapshot never came
      reconnectNow();
      startPolling();
    } else if (!socketUp && mode === "polling" && t - connectStarted > 30000) {
      reconnectNow();  // try the socket again now and then: the network may let it through now
    }
  }

  if (liveElement()) {
    setMode("connecting");
    setInterval(watchdog, 1000);
  }

  // Coming back to this page with the browser's back button: its socket was closed when it was
  // left (htmx closes them on pagehide), so open a new one.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && liveElement()) { setMode("reconnecting"); reconnectNow(); }
  });

  // After the lobby turns into the board (or anything else swaps a new connecting element in),
  // the new element has its own socket: wait for its first message.
  document.addEventListener("htmx:ws:before:connection", function () {
    socketUp = false;
    connectStarted = now();
  });

  // ------------------------------------------------------------------ saving

  // A save that never reached the server keeps its text, says so, and is sent again by itself
  // when the connection comes back (adding an item twice is harmless: each form carries a
  // one-time token the server remembers).
  document.addEventListener("htmx:error", function (event) {
    var ctx = event.detail && event.detail.ctx;
    if (!ctx || !ctx.request || ctx.request.method === "GET") return;  // only what someone tried to save
    var elt = event.target;
    var form = elt && elt.closest ? elt.closest("form") : null;
    var status = form && form.querySelector(".form-status");
    if (form && !socketUp) {
      form.dataset.waiting = "1";
      if (status) {
        status.textContent = "Not sent yet. It will be sent when the connection comes back.";
        status.classList.add("error");
      }
      setMode("unreachable");
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

  // Clear an old message when the next action starts.
  document.addEventListener("htmx:before:request", function () {
    var flash = document.getElementById("flash");
    if (flash && flash.textContent) flash.textContent = "";
  });

  // ------------------------------------------------------------------ scales

  // A scale opened or was revealed: fetch this person's own answer form over HTTP. It is never
  // part of what the socket sends, because it holds their own number.
  var fetchingScale = null;
  function refreshMyAnswer() {
    var loader = document.getElementById("scale-loader");
    var mine = document.getElementById("scale-answer");
    if (!loader || !mine || !window.htmx) return;
    var key = loader.dataset.key || "";
    if (key === (mine.dataset.key || "") || key === fetchingScale) return;
    fetchingScale = key;
    htmx.ajax("GET", loader.dataset.url, { target: "#scale-answer", swap: "outerHTML" })
      .finally(function () { fetchingScale = null; });
  }

  function afterSwap() {
    showOwnControls();
    refreshMyAnswer();
  }
  document.addEventListener("htmx:after:swap", afterSwap);
  document.addEventListener("DOMContentLoaded", showOwnControls);
})();
