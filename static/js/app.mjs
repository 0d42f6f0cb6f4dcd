// Progressive enhancement only: every page works without this file.
import { initAll } from "../dist/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// Content swapped in by htmx gets the same enhancements as the first page load,
// focus goes where the fragment says (data-focus) instead of falling to the page
// body, and what changed (data-announce) is read out by the live region that was
// on the page before the swap.
const announcer = document.getElementById("app-announcer");
document.body.addEventListener("htmx:afterSettle", (event) => {
  initAll({ scope: event.detail.elt });
  const focus = document.querySelector("[data-focus]");
  if (focus) {
    focus.removeAttribute("data-focus");
    if (!focus.hasAttribute("tabindex") && !focus.matches("a, button, input, select, textarea")) {
      focus.setAttribute("tabindex", "-1");
    }
    focus.focus();
  }
  const said = [...document.querySelectorAll("[data-announce]")];
  if (said.length && announcer) {
    announcer.textContent = "";
    const text = said.map((element) => element.textContent.trim()).join(" ");
    for (const element of said) element.removeAttribute("data-announce");
    // A fresh text node after a tick is announced even when it repeats.
    window.setTimeout(() => { announcer.textContent = text; }, 50);
  }
});

// "Print this page" buttons only make sense with JavaScript, so they start hidden.
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}

// The ballot's running total, as boxes are ticked; the "Update my total" button
// does the same without JavaScript, so it goes.
for (const box of document.querySelectorAll("[data-ballot-total]")) {
  const form = box.closest("form");
  const text = box.querySelector("[data-ballot-total-text]");
  const money = (value) =>
    value.toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const fill = (template, values) =>
    template.replace(/\{(\w+)\}/g, (_match, key) => values[key]);
  box.querySelector("[data-ballot-total-button]")?.remove();
  form.addEventListener("change", () => {
    const ticked = [...form.querySelectorAll("input[data-cost]:checked")];
    // Pence as whole numbers, so the sum is exact.
    const pence = ticked.reduce((sum, input) => sum + Math.round(Number(input.dataset.cost) * 100), 0);
    const budget = Math.round(Number(box.dataset.budget) * 100);
    let said;
    if (box.dataset.most) {
      said = fill(box.dataset.textCount, { count: ticked.length, most: box.dataset.most });
      if (ticked.length > Number(box.dataset.most)) said += " " + box.dataset.textTooMany;
    } else {
      said = fill(box.dataset.textTotal, {
        count: ticked.length, total: money(pence / 100), budget: money(budget / 100),
      });
      if (pence > budget) said += " " + fill(box.dataset.textOver, { over: money((pence - budget) / 100) });
    }
    text.textContent = said;
  });
}
