// Folded themes (a file of our own: the CSP allows no inline script). Opening a theme's
// <details> fetches its rows with htmx in place of the link that leads, without JavaScript,
// to a page of that theme; the rows are fetched once.
(() => {
  document.addEventListener(
    "toggle",
    (event) => {
      const details = event.target;
      if (!(details instanceof HTMLDetailsElement) || !details.open || !details.matches(".mp-fold")) return;
      const link = details.querySelector("a.mp-fold__load");
      if (!link || link.dataset.loading) return;
      link.dataset.loading = "1";
      window.htmx.ajax("GET", link.href, { target: link, swap: "outerHTML" });
    },
    true, // toggle does not bubble
  );
})();
