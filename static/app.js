// Meeting Room: the little behaviour htmx does not do for us. No inline scripts (strict CSP).
(function () {
  "use strict";

  // Keep the live connection when a phone switches tabs: htmx 4 closes hidden tabs' sockets by
  // default, which would make a participant look as if they had left.
  if (window.htmx) {
    htmx.config.ws = Object.assign({}, htmx.config.ws, { pauseOnBackground: false });
  }

  function page() { return document.getElementById("page"); }

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

  function setLiveStatus(text) {
    var status = document.getElementById("live-status");
    if (status && status.textContent !== text) status.textContent = text;
  }

  // When websockets are blocked (some council networks and proxies do), ask for changes over
  // plain HTTP every few seconds instead, and go back to the socket as soon as it connects.
  var failedConnections = 0;
  var opened = false;
  var pollTimer = null;
  var POLL_MS = 4000;

  function liveElement() { return document.getElementById("live"); }

  function poll() {
    var live = liveElement();
    var state = document.getElementById("sync-state");
    if (!live || !window.htmx) { stopPolling(); return; }
    var url = live.getAttribute("hx-ws:connect").replace(/\/ws(\?|$)/, "/updates$1");
    url += (url.indexOf("?") < 0 ? "?" : "&") + "since=" + (state ? state.dataset.seq : "");
    htmx.ajax("GET", url, { source: live, target: live, swap: "none" }).catch(function () {});
  }

  function startPolling() {
    if (pollTimer) return;
    setLiveStatus("Live updates are slower on this network. Everything is still saved.");
    poll();
    pollTimer = setInterval(poll, POLL_MS);
  }

  function stopPolling() {
    if (pollTimer) clearInterval(pollTimer);
    pollTimer = null;
  }

  document.addEventListener("htmx:ws:close", function (event) {
    var code = event.detail && event.detail.code;
    if (code === 1000 || (code >= 4000 && code < 5000)) { stopPolling(); return; }
    if (event.detail && event.detail.reason === "removed") return;
    if (!opened) failedConnections += 1;
    opened = false;
    if (failedConnections >= 3) { startPolling(); return; }
    if (!pollTimer) setLiveStatus("Reconnecting…");
    document.body.classList.add("offline");
  });
  // A socket counts as working when the server's first message (the snapshot) arrives, not when
  // it opens: some proxies accept the connection and then drop it at once.
  document.addEventListener("htmx:ws:after:message:incoming", function () {
    if (opened) return;
    opened = true;
    failedConnections = 0;
    stopPolling();
    setLiveStatus("");
    document.body.classList.remove("offline");
  });

  // A save that never reached the server keeps its text and says so.
  document.addEventListener("htmx:error", function (event) {
    var elt = event.target;
    var form = elt && elt.closest ? elt.closest("form") : null;
    var status = form && form.querySelector(".form-status");
    var message = "Not saved. Check your connection, then try again.";
    if (status) {
      status.textContent = message;
      status.classList.add("error");
    } else {
      var flash = document.getElementById("flash");
      if (flash) flash.textContent = message;
    }
  });

  // Clear an old message when the next action starts.
  document.addEventListener("htmx:before:request", function () {
    var flash = document.getElementById("flash");
    if (flash && flash.textContent) flash.textContent = "";
  });

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
