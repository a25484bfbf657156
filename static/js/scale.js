// Scales: this person's own answer form.

// A scale opened or was revealed: fetch this person's own answer form over HTTP. It is never
// part of what the socket sends, because it holds their own number.
var fetchingScale = null;
export function refreshMyAnswer() {
  var loader = document.getElementById("scale-loader");
  var mine = document.getElementById("scale-answer");
  if (!loader || !mine || !window.htmx) return;
  var key = loader.dataset.key || "";
  if (key === (mine.dataset.key || "") || key === fetchingScale) return;
  fetchingScale = key;
  htmx.ajax("GET", loader.dataset.url, { target: "#scale-answer", swap: "outerHTML" })
    .finally(function () { fetchingScale = null; });
}
