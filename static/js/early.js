// Meeting Room: the one classic script of ours. It runs right after htmx's own, while the page is
// still being read, so that the page's settings are in place before htmx looks at the page (it
// starts on DOMContentLoaded) and the "js" class is there before the page is first drawn.
// Everything else is in the modules that main.js imports.
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
})();
