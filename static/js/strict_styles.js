// htmx copies class and style from the old element to its new copy while it settles; an empty
// style attribute left behind by a script would then be set again, which the strict Content
// Security Policy refuses (style-src-attr). Empty ones carry nothing: take them off first.
document.addEventListener("htmx:before:swap", function () {
  document.querySelectorAll("[style='']").forEach(function (el) { el.removeAttribute("style"); });
});
