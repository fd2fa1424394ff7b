// The book's own script (loaded, deferred, on every page).
//
// The Book theme draws a second pair of sidebar buttons in the article header ("Toggle primary sidebar",
// "Toggle secondary sidebar"), the only ones visible on most screens, but the theme's scripts listen only to
// the first .primary-toggle and .secondary-toggle of the page, which sit in the page header. Without this, the
// visible buttons do nothing: the table of contents cannot be opened on a phone. Forward their clicks.
document.addEventListener("click", (event) => {
  for (const kind of ["primary-toggle", "secondary-toggle"]) {
    const button = event.target.closest("button." + kind);
    const wired = document.querySelector("button." + kind);
    if (button && wired && button !== wired) {
      event.preventDefault();
      event.stopPropagation();
      wired.click();
      return;
    }
  }
});
