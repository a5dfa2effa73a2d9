// The review page (a file of our own: the CSP allows no inline script). Counts the ticked
// cards for »Godkend valgte (N)«, ticks them all, and after htmx has swapped cards in place
// moves the focus to the first changed card, so keyboard users stay where they were.
(() => {
  const selected = () => document.querySelectorAll('input[name="rating"][form="bulk-approve"]');

  const update = () => {
    const count = [...selected()].filter((box) => box.checked).length;
    document.querySelectorAll("[data-selected-count]").forEach((el) => {
      el.textContent = count ? ` (${count})` : "";
    });
    document.querySelectorAll("[data-select-all]").forEach((all) => {
      all.checked = count > 0 && count === selected().length;
    });
  };

  const reveal = () => document.querySelectorAll("[data-js-only]").forEach((el) => el.removeAttribute("hidden"));

  document.addEventListener("change", (event) => {
    if (event.target instanceof Element && event.target.matches("[data-select-all]")) {
      selected().forEach((box) => {
        box.checked = event.target.checked;
      });
    }
    update();
  });

  const afterSwap = () => {
    const target = document.querySelector("[data-focus-after-swap]");
    if (target) {
      target.removeAttribute("data-focus-after-swap");
      target.focus();
    }
    reveal();
    update();
  };
  document.addEventListener("htmx:afterSettle", afterSwap);
  document.addEventListener("htmx:oobAfterSwap", afterSwap);
  document.addEventListener("DOMContentLoaded", () => {
    reveal();
    update();
  });
})();
