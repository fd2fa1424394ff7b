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

// Code, outputs and tables that scroll sideways must be reachable by keyboard, so that a keyboard user can
// scroll them (WCAG 2.1.1; axe: scrollable-region-focusable). The theme marks them once, at load: what sits
// inside a closed <details> (a hidden notebook cell, a data table) or an unselected tab has no width then and
// stays unreachable once opened. Mark them again whenever something opens, a tab changes or the window resizes.
const SCROLLERS = ["pre", ".nboutput > .output_area", ".cell_output > .output", ".jp-RenderedHTMLCommon",
  ".pst-scrollable-table-container", ".table-wrapper",
  // charts keep a minimum width and scroll sideways inside their figure on a phone (book.css)
  '.bd-article figure:has(img[src$=".svg"])', ".bd-article figure:has(.chart-svg)"].join(", ");

function markScrollers() {
  for (const element of document.querySelectorAll(SCROLLERS)) {
    if (element.scrollWidth > element.clientWidth || element.scrollHeight > element.clientHeight) {
      element.tabIndex = 0;
    }
  }
}

let resizeTimer = null;
document.addEventListener("toggle", markScrollers, true); // <details> opening (toggle does not bubble)
document.addEventListener("change", markScrollers, true); // sphinx-design tabs are radio buttons
window.addEventListener("load", markScrollers);
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(markScrollers, 300);
});

// A chart's mark links to its row in the collapsed table under the chart (moscow_pyongyang_book/marks.py): open
// the table, then show the row. (Browsers that open a <details> on fragment navigation do this themselves.)
function showTarget() {
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id && document.getElementById(id);
  if (!target || !target.closest("details")) return;
  for (let details = target.closest("details"); details; details = details.parentElement.closest("details")) {
    details.open = true;
  }
  target.scrollIntoView({ block: "center" });
}
window.addEventListener("hashchange", showTarget);
window.addEventListener("load", showTarget);
