// Meeting Room: the little behaviour htmx does not do for us. No inline scripts (strict CSP).
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Keep the live connection when a phone switches tabs: htmx 4 closes hidden tabs' sockets by
  // default, which would make a participant look as if they had left.
  if (window.htmx) {
    htmx.config.ws = Object.assign({}, htmx.config.ws, { pauseOnBackground: false });
    // A menu or disclosure someone opened stays open when a live change redraws around it.
    htmx.config.morphIgnore = (htmx.config.morphIgnore || []).concat(["open"]);
  }

  function page() { return document.getElementById("page"); }
  function liveElement() { return document.getElementById("live"); }
  function now() { return Date.now(); }

  // htmx copies class and style from the old element to its new copy while it settles; an empty
  // style attribute left by a script would then be set again, which the strict CSP refuses
  // (style-src-attr). Empty ones carry nothing: take them off first.
  document.addEventListener("htmx:before:swap", function () {
    document.querySelectorAll("[style='']").forEach(function (el) { el.removeAttribute("style"); });
  });

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
    if (next === "live" || next === "polling") resendWaiting();
  }

  // Start the socket again from scratch: a fresh copy of the connecting element, processed by
  // htmx, replaces the old one. The old one is detached, so htmx's extension neither reconnects
  // it nor swaps its messages, and cleans it up itself; an open socket of it is closed here.
  function reconnectNow() {
    var old = liveElement();
    if (!old || !window.htmx) return;
    var connection = old._htmx && old._htmx.ws && old._htmx.ws.connection;
    var fresh = old.cloneNode(false);
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
    if (event.persisted && liveElement()) { setMode("reconnecting"); reconnectNow(); }
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
    var resendable = form && form.hasAttribute("hx-post") && !form.hasAttribute("hx-trigger");
    if (resendable && !socketUp) {
      form.dataset.waiting = "1";
      if (status) {
        status.textContent = "Not sent yet. It will be sent when the connection comes back.";
        status.classList.add("error");
      }
      if (mode !== "polling") setMode("unreachable");
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

  function restoreFocus() {
    if (!focusedId) return;
    var active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return;
    var field = document.getElementById(focusedId);
    focusedId = null;
    if (field) field.focus();
  }

  // "Saved ✓" says what just happened, then goes (the screen reader has heard it by then).
  function fadeSaved() {
    document.querySelectorAll(".form-status .saved").forEach(function (mark) {
      if (mark.dataset.fading) return;
      mark.dataset.fading = "1";
      setTimeout(function () { if (mark.isConnected) mark.remove(); }, 5000);
    });
  }

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

  // ------------------------------------------------------------------ confirmations

  // A few actions cannot be taken back. The first press says, beside the button, what will
  // happen; the confirming button has the same words, so it is found the same way. Cancel, or a
  // live change to that part of the page, puts things back as they were.
  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest("button[data-confirm]") : null;
    if (!button || button.dataset.confirmed) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    askFirst(button);
  }, true);

  function askFirst(button) {
    var box = document.createElement("span");
    box.className = "confirm";
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Please confirm");
    var words = document.createElement("span");
    words.className = "confirm-words";
    words.textContent = button.dataset.confirm;
    var yes = document.createElement("button");
    yes.type = "button";
    yes.className = "small danger";
    yes.textContent = button.textContent.trim();
    var no = document.createElement("button");
    no.type = "button";
    no.className = "small secondary";
    no.textContent = "Cancel";
    function putBack() { box.remove(); button.hidden = false; }
    yes.addEventListener("click", function () {
      putBack();
      button.dataset.confirmed = "1";
      button.click();
      delete button.dataset.confirmed;
    });
    no.addEventListener("click", function () { putBack(); button.focus(); });
    box.append(words, " ", yes, " ", no);
    button.hidden = true;
    button.after(box);
    yes.focus();
  }

  // ------------------------------------------------------------------ told on my own device

  // When the chair removes what someone wrote, every device is sent the same words; only the
  // author's keeps them (the others were told "an item was removed" already).
  function keepOnlyMine() {
    var p = page();
    var told = document.getElementById("told");
    if (!p || !told) return;
    told.querySelectorAll("[data-for]").forEach(function (note) {
      if (note.dataset.for === p.dataset.me) note.hidden = false;
      else note.remove();
    });
  }

  // ------------------------------------------------------------------ the question notice

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

  function fitScaleNotice() {
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
  function watchScalePanel() {
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
  document.addEventListener("DOMContentLoaded", function () { watchScalePanel(); fitScaleNotice(); keepOnlyMine(); });

  // The shared screen lays itself out in static/screen.js.

  // ------------------------------------------------------------------ the jump bar

  // Sticky only while it is small: with large text it would cover what people jumped to.
  function fitJumpBar() {
    var bar = document.querySelector(".jump");
    if (!bar) return;
    bar.classList.remove("not-sticky");
    if (bar.offsetHeight > window.innerHeight * 0.12) bar.classList.add("not-sticky");
  }
  window.addEventListener("resize", fitJumpBar);
  document.addEventListener("DOMContentLoaded", fitJumpBar);

  // A meeting that has closed sends every page to its record.
  function goWhereTold() {
    var go = document.querySelector("[data-go-to]");
    if (go) window.location.assign(go.getAttribute("data-go-to"));
  }
  document.addEventListener("htmx:ws:close", function () { setTimeout(goWhereTold, 0); });

  function afterSwap() {
    goWhereTold();
    showOwnControls();
    refreshMyAnswer();
    restoreFocus();
    fadeSaved();
    keepOnlyMine();
    watchScalePanel();
    fitScaleNotice();
  }
  document.addEventListener("htmx:after:swap", afterSwap);
  document.addEventListener("DOMContentLoaded", showOwnControls);
})();
