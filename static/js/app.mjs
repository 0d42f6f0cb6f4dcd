// Progressive enhancement only: every page works without this file.
import { initAll } from "../dist/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// Content swapped in by htmx gets the same enhancements as the first page load.
document.body.addEventListener("htmx:afterSettle", (event) => {
  initAll({ scope: event.detail.elt });
});

// "Print this page" buttons only make sense with JavaScript, so they start hidden.
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
