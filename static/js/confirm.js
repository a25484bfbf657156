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
