/* After a form comes back with errors, focus the first one and bring it into view, so
 * an error further down the page (e.g. an empty coaching feedback) is not missed.
 * Loaded on every page from a file (no inline script, so the CSP stays strict). */
(function () {
  "use strict";
  var field = document.querySelector("main .is-invalid");
  var target = field;
  if (!field) {
    target = document.querySelector("main form .alert-danger, main form .invalid-feedback.d-block");
    if (!target) { return; }
    // A message without its own field (a group of buttons, the whole form): make it focusable.
    if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
  }
  // A field inside a folded section: unfold it first.
  var folded = target.closest("details:not([open])");
  if (folded) { folded.open = true; }
  var collapsed = target.closest(".collapse:not(.show)");
  if (collapsed) { collapsed.classList.add("show"); }
  target.focus({ preventScroll: true });
  target.scrollIntoView({ block: "center" });
})();
