// Progressive enhancement only: every page works without this file.
import { initAll } from "../dist/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// Content swapped in by htmx gets the same enhancements as the first page load.
document.body.addEventListener("htmx:afterSettle", (event) => {
  initAll({ scope: event.detail.elt });
});
