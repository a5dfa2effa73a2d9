// Buttons marked `data-print` print the page. A listener in a file of our own, because the
// CSP (script-src 'self') blocks inline onclick handlers. Delegated from the document, so
// buttons that htmx swaps in later work too.
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("[data-print]")) {
    window.print();
  }
});
