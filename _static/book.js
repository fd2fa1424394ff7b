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

// The theme's menus ("Download this page", "Launch"), button hints and "Back to top", without Bootstrap's script
// (81 kB, most of the JavaScript of a page; _templates/layout.html no longer loads it). A menu opens and closes
// with a click, Enter or Space; the arrow keys move through its items; Escape, a click elsewhere or the focus
// leaving it closes it. The theme's stylesheet still styles it (the "show" class, data-bs-popper="static").
const MENU_TOGGLE = '[data-bs-toggle="dropdown"]';

function menuOf(toggle) {
  return toggle.parentElement.querySelector(".dropdown-menu");
}

function closeMenus(keep) {
  for (const toggle of document.querySelectorAll(MENU_TOGGLE + '[aria-expanded="true"]')) {
    const menu = menuOf(toggle);
    if (menu === keep) continue;
    toggle.classList.remove("show");
    toggle.setAttribute("aria-expanded", "false");
    if (menu) menu.classList.remove("show");
  }
}

function openMenu(toggle) {
  const menu = menuOf(toggle);
  if (!menu) return null;
  closeMenus(menu);
  menu.setAttribute("data-bs-popper", "static");
  menu.style.left = menu.style.right = "";
  toggle.classList.add("show");
  toggle.setAttribute("aria-expanded", "true");
  menu.classList.add("show");
  if (menu.getBoundingClientRect().right > document.documentElement.clientWidth) {
    menu.style.left = "auto"; // no room on the right (a phone): align it with the button's right edge
    menu.style.right = "0";
  }
  return menu;
}

document.addEventListener("click", (event) => {
  const toggle = event.target.closest(MENU_TOGGLE);
  if (toggle) {
    event.preventDefault();
    if (toggle.getAttribute("aria-expanded") === "true") closeMenus();
    else openMenu(toggle);
  } else if (!event.target.closest(".dropdown-menu")) {
    closeMenus();
  }
});

document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape" && event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
  const toggle = event.target.closest && event.target.closest(".dropdown") &&
    event.target.closest(".dropdown").querySelector(MENU_TOGGLE);
  if (!toggle) return;
  if (event.key === "Escape") {
    if (toggle.getAttribute("aria-expanded") !== "true") return;
    closeMenus();
    toggle.focus();
    event.preventDefault();
    return;
  }
  const menu = toggle.getAttribute("aria-expanded") === "true" ? menuOf(toggle) : openMenu(toggle);
  if (!menu) return;
  const items = [...menu.querySelectorAll("a[href], button:not([disabled])")];
  if (!items.length) return;
  const here = items.indexOf(document.activeElement);
  const step = event.key === "ArrowDown" ? 1 : -1;
  items[here < 0 ? (step > 0 ? 0 : items.length - 1) : (here + step + items.length) % items.length].focus();
  event.preventDefault();
});

document.addEventListener("focusin", (event) => {
  const open = document.querySelector(MENU_TOGGLE + '[aria-expanded="true"]');
  if (open && !open.parentElement.contains(event.target)) closeMenus();
});

// Button hints: the browser's own tooltip, from the hint the theme gives Bootstrap when a button has no title.
for (const button of document.querySelectorAll('[data-bs-toggle="tooltip"]:not([title])')) {
  const hint = button.getAttribute("data-bs-title") || button.getAttribute("aria-label");
  if (hint) button.title = hint;
}

// "Back to top": shown while the reader scrolls up below the page header.
(() => {
  const button = document.getElementById("pst-back-to-top");
  const header = document.querySelector(".bd-header");
  if (!button || !header) return;
  const bottom = header.getBoundingClientRect().bottom;
  let last = window.scrollY;
  button.addEventListener("click", () => {
    document.body.scrollTop = 0;
    document.documentElement.scrollTop = 0;
  });
  window.addEventListener("scroll", () => {
    button.style.display = last > window.scrollY && window.scrollY > bottom ? "block" : "none";
    last = window.scrollY;
  });
})();
