// A menu ("Change" on an item, a person's "Actions", "Pause for…", "Shared screen") closes on
// Escape, and focus goes back to the button that opened it, not to the top of the page.
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape" || !event.target.closest) return;
  var menu = event.target.closest("details.item-menu[open], details.bar-menu[open]");
  if (!menu) return;
  event.preventDefault();
  menu.open = false;
  var opener = menu.querySelector(":scope > summary");
  if (opener) opener.focus();
});
