// The jump bar: sticky only while it is small (with large text it would cover what people jumped to).
function fitJumpBar() {
  var bar = document.querySelector(".jump");
  if (!bar) return;
  bar.classList.remove("not-sticky");
  if (bar.offsetHeight > window.innerHeight * 0.12) bar.classList.add("not-sticky");
}
window.addEventListener("resize", fitJumpBar);
document.addEventListener("DOMContentLoaded", fitJumpBar);
