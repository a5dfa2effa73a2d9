// The folded public plan page: when htmx has put a theme's rows in place of its
// "Vis indsatserne" link, move the focus to the rows (the link the keyboard was on is gone).
document.addEventListener("htmx:afterSwap", (event) => {
  const body = event.detail.target;
  if (body instanceof HTMLElement && body.classList.contains("mp-theme-body")) {
    const rows = body.querySelector(".mp-scroll");
    const visible = rows && rows.offsetParent !== null ? rows : body.querySelector(".mp-public-cards a");
    (visible || body).focus();
  }
});
