"""Author–year references: the bibliography's labels are the citations' text ("Tertitskiy 2024", "TASS 2024a").

Two plugins, registered by :func:`register` (from the extension's one ``setup()``) and chosen in ``_config.yml``:

- the pybtex formatting style ``author_year`` (``bibtex_default_style``): entries sorted by author (a person's
  family name, else the corporate author, publisher or title), then year and title; each entry's label is
  "Author Year", with "a", "b", … after the year when one author has several entries for one year; titles are
  printed as written (no lower-casing of proper nouns); a ``date`` (YYYY, YYYY-MM or YYYY-MM-DD) stands in for a
  missing ``year`` and is printed in full;
- the referencing style ``author_year_label`` (``bibtex_reference_style``): ``{cite:p}`` prints
  "(Tertitskiy 2024a; TASS 2024)" and ``{cite:t}`` prints "Tertitskiy (2024a)", taken from those labels, so the
  text and the bibliography always agree, a/b included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, List

from pybtex.richtext import Text
from pybtex.style.formatting import unsrt
from pybtex.style.template import field as bib_field
from pybtex.style.template import join, node, optional, sentence, words

NO_DATE = "n.d."
NO_DATE_SUFFIX_SEP = "-"  # "TASS n.d.-a", not "TASS n.d.a"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def _plain(text: str) -> str:
    """A BibTeX value as plain text: braces and TeX escapes removed ({TASS} -> TASS, Bal{\\'a}zs -> Balázs)."""
    from pybtex.richtext import Text as RichText

    try:
        import latexcodec  # noqa: F401  (registers the "ulatex" codec)
        text = text.encode("utf-8").decode("ulatex")
    except Exception:  # pragma: no cover - latexcodec ships with pybtex
        pass
    return re.sub(r"\s+", " ", str(RichText(text)).replace("{", "").replace("}", "")).strip()


def entry_date(entry) -> tuple[str, str, str]:
    """(year, month, day) of an entry from ``year``/``month`` or ``date`` (biblatex); empty strings if absent."""
    fields = entry.fields
    date = str(fields.get("date", "")).strip()
    match = _DATE.match(date)
    year = str(fields.get("year", "")).strip() or (match.group(1) if match else "")
    month = (match.group(2) or "") if match else ""
    day = (match.group(3) or "") if match else ""
    return year, month, day


def author_part(entry) -> str:
    """The name a citation gives: ``shortauthor`` if the entry has one (biblatex's field, for a long corporate
    author such as the parties to a treaty), else family names (two joined by "and", three or more "et al."),
    else the organisation, publisher or the title's first words."""
    if entry.fields.get("shortauthor"):
        return _plain(entry.fields["shortauthor"])
    for role in ("author", "editor"):
        persons = entry.persons.get(role) or []
        if persons:
            names = [_plain(" ".join(p.prelast_names + p.last_names)) for p in persons]
            if len(names) > 1 and names[-1].casefold() == "others":  # "Town, Jenny and others"
                return f"{names[0]} et al."
            if len(names) == 1:
                return names[0]
            if len(names) == 2:
                return f"{names[0]} and {names[1]}"
            return f"{names[0]} et al."
    for name in ("organization", "institution", "publisher", "howpublished"):
        if entry.fields.get(name):
            return _plain(entry.fields[name])
    words_ = _plain(entry.fields.get("title", "Untitled")).split()
    return " ".join(words_[:4])


def sort_key(entry) -> tuple:
    year, month, day = entry_date(entry)
    return (author_part(entry).casefold(), year or "9999", month, day,
            _plain(entry.fields.get("title", "")).casefold(), entry.key)


def labels_for(sorted_entries: list) -> list[str]:
    """"Author Year" for each entry, with a, b, … after the year where author and year repeat (in sort order)."""
    bases = [f"{author_part(e)} {entry_date(e)[0] or NO_DATE}" for e in sorted_entries]
    counts: dict[str, int] = {}
    for base in bases:
        counts[base] = counts.get(base, 0) + 1
    seen: dict[str, int] = {}
    labels = []
    for base in bases:
        if counts[base] > 1:
            index = seen.get(base, 0)
            seen[base] = index + 1
            sep = NO_DATE_SUFFIX_SEP if base.endswith(NO_DATE) else ""
            labels.append(base + sep + _suffix(index))
        else:
            labels.append(base)
    return labels


def _suffix(index: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[index] if index < 26 else letters[index // 26 - 1] + letters[index % 26]


@node
def full_date(children, data):
    """The entry's date as printed: "19 June 2024", "June 2024" or "2024" (from ``date``, or ``month``+``year``)."""
    entry = data["entry"]
    year, month, day = entry_date(entry)
    if not year:
        return Text()
    if month:
        text = f"{MONTHS[int(month) - 1]} {year}"
        return Text(f"{int(day)} {text}" if day else text)
    written_month = _plain(str(entry.fields.get("month", "")))
    return Text(f"{written_month} {year}".strip())


class AuthorYearStyle(unsrt.Style):
    """pybtex's unsrt entries, sorted and labelled author–year, titles as written, full dates."""

    default_sorting_style = "author_year_title"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # pybtex's BaseStyle binds these to its sorting and label plugins on the instance
        self.sort = lambda entries: sorted(entries, key=sort_key)
        self.format_labels = lambda sorted_entries: labels_for(list(sorted_entries))

    def format_entry(self, label, entry, bib_data=None):
        """As pybtex's, without a publisher line that only repeats the corporate author ("TASS. Title. TASS.")."""
        repeated = [name for name in ("howpublished", "organization")
                    if entry.fields.get(name) and entry.persons.get("author")
                    and _plain(entry.fields[name]).casefold() == author_part(entry).casefold()]
        if repeated:
            from pybtex.database import Entry

            trimmed = Entry(entry.type, fields={k: v for k, v in entry.fields.items() if k not in repeated},
                            persons=entry.persons)
            trimmed.key = entry.key
            entry = trimmed
        return super().format_entry(label, entry, bib_data=bib_data)

    def format_title(self, e, which, as_sentence=True):
        title = bib_field(which)  # as written: no change of case (proper nouns stay capitalised)
        return sentence[title] if as_sentence else title

    def get_misc_template(self, e):
        return unsrt.toplevel[
            optional[sentence[self.format_names("author")]],
            optional[self.format_title(e, "title")],
            sentence[
                optional[bib_field("howpublished")],
                optional[bib_field("organization")],
                optional[full_date],
            ],
            sentence[optional[bib_field("note")]],
            self.format_web_refs(e),
        ]

    def get_online_template(self, e):
        return self.get_misc_template(e)

    def format_url(self, e):
        from pybtex.style.template import href

        url = bib_field("url", raw=True)
        return words[href(url)[url]]


# --- the referencing style -----------------------------------------------------------------------------------

def _label_parts(formatted_entry) -> tuple[str, str]:
    author, _, year = formatted_entry.label.rpartition(" ")
    return author, year


@node
def label_text(children, data):
    return Text(data["formatted_entry"].label)


@node
def label_author(children, data):
    return Text(_label_parts(data["formatted_entry"])[0])


@node
def label_year(children, data):
    return Text(_label_parts(data["formatted_entry"])[1])


def _reference_style_classes():
    from sphinxcontrib.bibtex.style.referencing import BaseReferenceStyle, BracketStyle, GroupReferenceStyle
    from sphinxcontrib.bibtex.style.template import join2, post_text, pre_text, reference

    def round_brackets() -> BracketStyle:
        return BracketStyle(left="(", right=")", sep="; ")

    @dataclass
    class Parenthetical(BaseReferenceStyle):
        bracket: BracketStyle = field(default_factory=round_brackets)

        def role_names(self) -> Iterable[str]:
            return [f"{alt}p{full}" for alt in ["", "al"] for full in ["", "s"]]

        def outer(self, role_name: str, children: List) -> object:
            return self.bracket.outer(children, brackets="al" not in role_name, capfirst=False)

        def inner(self, role_name: str) -> object:
            return join2(sep1=" ", sep2=", ")[pre_text, reference[label_text], post_text]

    @dataclass
    class Textual(BaseReferenceStyle):
        bracket: BracketStyle = field(default_factory=round_brackets)

        def role_names(self) -> Iterable[str]:
            return [f"{cap}t{full}" for cap in ["", "c"] for full in ["", "s"]]

        def outer(self, role_name: str, children: List) -> object:
            return self.bracket.outer(children, brackets=False, capfirst="c" in role_name)

        def inner(self, role_name: str) -> object:
            return join(sep=" ")[
                label_author,
                join[self.bracket.left, join2(sep1=" ", sep2=", ")[pre_text, reference[label_year], post_text],
                     self.bracket.right],
            ]

    @dataclass
    class Label(BaseReferenceStyle):
        """``{cite:label}``, ``{cite:year}``, ``{cite:author}``: the label or one of its parts, unbracketed."""

        def role_names(self) -> Iterable[str]:
            return ["label", "labelpar", "year", "yearpar", "author", "authors", "authorpar", "authorpars",
                    "cauthor", "cauthors", "empty"]

        def outer(self, role_name: str, children: List) -> object:
            return round_brackets().outer(children, brackets=role_name.endswith(("par", "pars")),
                                          capfirst=role_name.startswith("c"))

        def inner(self, role_name: str) -> object:
            part = {"label": label_text, "year": label_year}.get(role_name.replace("par", ""), label_author)
            if role_name == "empty":
                return reference[Text()]
            return reference[part]

    @dataclass
    class AuthorYearLabel(GroupReferenceStyle):
        def __post_init__(self):
            self.styles.extend([Parenthetical(), Textual(), Label()])
            super().__post_init__()

    return AuthorYearLabel


FORMATTING_STYLE = "author_year"
REFERENCE_STYLE = "author_year_label"


def register(app) -> None:
    import pybtex.plugin
    import sphinxcontrib.bibtex.plugin

    pybtex.plugin.register_plugin("pybtex.style.formatting", FORMATTING_STYLE, AuthorYearStyle, force=True)
    sphinxcontrib.bibtex.plugin.register_plugin("sphinxcontrib.bibtex.style.referencing", REFERENCE_STYLE,
                                                _reference_style_classes(), force=True)
