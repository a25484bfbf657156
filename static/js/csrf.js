// Every change is sent with the session's form token.
import { page } from "./shared.js";

document.addEventListener("htmx:config:request", function (event) {
  var p = page();
  var token = p && p.dataset.csrf;
  if (token && event.detail && event.detail.ctx) {
    event.detail.ctx.request.headers["X-CSRF-Token"] = token;
  }
});
