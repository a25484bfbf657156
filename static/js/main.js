// Meeting Room: the little behaviour htmx does not do for us, as small modules with one concern
// each. No inline scripts (strict CSP). Modules run once the page has been read, before
// DOMContentLoaded, and so before htmx (which waits for that event) processes the page; the
// settings htmx needs even earlier are in early.js. The order of these imports is the order in
// which each module's handlers run for the same event.
import "./csrf.js";
import "./strict_styles.js";
import "./live.js";
import "./after_swap.js";
import "./confirm.js";
import "./jump_bar.js";
import "./focus.js";
import "./board.js";
import "./print.js";
import "./menus.js";
