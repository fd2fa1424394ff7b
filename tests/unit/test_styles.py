"""The lean stylesheets of the online edition (moscow_pyongyang_book/styles.py): a rule goes only when none of its
selectors can match a page of the site."""

from __future__ import annotations

from moscow_pyongyang_book.styles import UsedNames, prune_css, script_patterns, split_selectors

CSS = """@charset "UTF-8";
/*!
 * a license
 */:root{--a:1}
/* an ordinary comment */
.used,.unused{color:red}
.unused .used{color:blue}
p:not(.unused){margin:0}
a[href$=".unused"]{x:y}
html[data-theme=dark] .used>.other{color:green}
@media (min-width:960px){.unused{a:b}.used{c:d}}
@media print{.unused{a:b}}
@font-face{font-family:"X";src:url(x.woff2)}
@keyframes spin{from{a:b}to{c:d}}
.content::after{content:"}{.unused"}
.bs-tooltip-auto .x{y:z}
.bs-tooltip-auto{y:z}
"""


def test_rules_whose_classes_no_page_uses_go_and_everything_else_stays():
    used = UsedNames({"used", "content"}, script_patterns("e.classList.add(`bs-${this.NAME}-auto`)"))
    lean = prune_css(CSS, used)
    assert lean.startswith('@charset "UTF-8";')
    assert "a license" in lean and "ordinary comment" not in lean
    assert ":root{--a:1}" in lean
    assert ".used{color:red}" in lean and ".unused .used" not in lean
    assert "p:not(.unused){margin:0}" in lean                  # a class inside :not() need not be present
    assert 'a[href$=".unused"]{x:y}' in lean                    # nor one inside an attribute selector
    assert "html[data-theme=dark]" not in lean                  # .other is nowhere
    assert "@media (min-width:960px){.used{c:d}}" in lean and "@media print" not in lean
    assert "@font-face" in lean and "@keyframes spin{from{a:b}to{c:d}}" in lean
    assert '.content::after{content:"}{.unused"}' in lean       # braces inside a string are not the rule's
    assert ".bs-tooltip-auto{y:z}" in lean and ".bs-tooltip-auto .x" not in lean   # a class a script builds


def test_pruning_twice_changes_nothing_more():
    used = UsedNames({"used", "content"})
    once = prune_css(CSS, used)
    assert prune_css(once, used) == once


def test_selector_lists_split_at_top_level_commas_only():
    assert split_selectors(':is(.a,.b) p, .c[title="x,y"]') == [":is(.a,.b) p", '.c[title="x,y"]']


def test_names_a_script_builds_are_patterns():
    used = UsedNames(set(), script_patterns('el.className = "fa-" + icon; x.add(`toast-${k}`)'))
    assert "fa-github" in used and "toast-show" in used and "github" not in used


def test_custom_properties_nothing_reads_go():
    from moscow_pyongyang_book.styles import prune_custom_properties

    css = (':root{--a:1;--b:var(--c);--c:2;--d:url("x;y");color:var(--a)}'
           '@media print{:root{--e:1}}@font-face{--f:1}')
    assert prune_custom_properties(css, {"--a", "--b", "--c"}) == ':root{--a:1;--b:var(--c);--c:2;color:var(--a)}\n@font-face{--f:1}'


def test_escaped_class_names_are_kept_and_a_comment_does_not_hide_a_custom_property():
    from moscow_pyongyang_book.styles import prune_custom_properties

    assert prune_css(r".md\:flex{a:b}.gone{c:d}", UsedNames()) == r".md\:flex{a:b}"
    css = ":root{/* a palette */\n  --unread:1;--read:2;color:var(--read)}"
    assert prune_custom_properties(css, {"--read"}) == ":root{--read:2;color:var(--read)}"
