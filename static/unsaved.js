// A form marked data-keep-unsaved asks before the page is left with words typed but not saved.
(function () {
  "use strict";
  function state(form) {
    var parts = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "submit") { return; }
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      parts.push(el.name + "=" + el.value);
    });
    return parts.join("\n");
  }
  function watch(form) {
    var saved = state(form);
    var submitting = false;
    form.addEventListener("submit", function () { submitting = true; });
    window.addEventListener("beforeunload", function (event) {
      if (submitting || state(form) === saved) { return; }
      event.preventDefault();
      event.returnValue = "";
    });
  }
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-keep-unsaved]"), watch);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
