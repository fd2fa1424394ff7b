"""Checks on the book's prose: every paragraph that states a year or a figure carries a citation.

A "paragraph" is a block of consecutive non-blank lines in a MyST page, outside code fences, with headings,
directive options (``:name: …``) and fence lines left out. Directive bodies (admonitions, figure captions) are
checked too: a caption that states a year needs its source as much as a paragraph does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

YEAR = re.compile(r"(?<![\w/.-])(1[89]\d\d|20\d\d)(?![\w/-])")
FIGURE = re.compile(
    r"(?<![\w.])\d[\d,.]*\s*(%|per ?cent|percent|million|billion|thousand|tonnes?|tons?|km|kilomet(re|er)s?|"
    r"barrels?|shells?|containers?|troops|soldiers|workers|rubles?|roubles?)(?!\w)"
    r"|\b(USD|US\$|\$|RUB|SUR)\s?\d",
    flags=re.I,
)
CITE = re.compile(r"\{cite(:[a-z]+)?\}`[^`]+`")
FENCE = re.compile(r"^(\s*)(`{3,}|:{3,})(.*)$")


@dataclass(frozen=True)
class Paragraph:
    line: int  # 1-based line of the paragraph's first line
    text: str


def paragraphs(text: str) -> list[Paragraph]:
    """The prose blocks of a MyST page (see the module docstring)."""
    blocks: list[Paragraph] = []
    current: list[str] = []
    start = 0
    code_fence: str | None = None  # the fence that opened a literal code block
    directives: list[str] = []  # the fences of the open directives ({glue:figure}, {note} …), innermost last

    def flush():
        nonlocal current
        if current:
            blocks.append(Paragraph(start, "\n".join(current)))
        current = []

    lines = text.splitlines()
    if lines and lines[0].strip() == "---":  # front matter
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
        lines = [""] * (end + 1) + lines[end + 1:]
    for number, line in enumerate(lines, start=1):
        fence = FENCE.match(line)
        if code_fence is not None:
            if fence and fence.group(2) == code_fence and not fence.group(3).strip():
                code_fence = None
            continue
        if fence:
            flush()
            info = fence.group(3).strip()
            if not info and directives and fence.group(2) == directives[-1]:  # the end of a directive
                directives.pop()
                continue
            # literal code: ```python, ``` (no directive), {code-cell}, {code-block}, {eval-rst}, {mermaid}
            if fence.group(2).startswith("`") and (not info.startswith("{") or re.match(r"\{(code|eval|literal)", info)):
                code_fence = fence.group(2)
            elif info.startswith("{"):
                directives.append(fence.group(2))
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or re.match(r"^:[\w-]+:", stripped) or stripped.startswith("%"):
            flush()
            continue
        if not current:
            start = number
        current.append(line)
    flush()
    return blocks


def states_a_fact(paragraph: str) -> bool:
    """True if the paragraph states a year (1800–2099) or a figure with a unit or currency."""
    plain = re.sub(r"\{(cite|numref|ref|doc|term|glue)(:[a-z]+)?\}`[^`]*`", "", paragraph)
    plain = re.sub(r"\]\([^)]*\)", "]", plain)  # link targets
    plain = re.sub(r"https?://\S+", "", plain)
    return bool(YEAR.search(plain) or FIGURE.search(plain))


def uncited_paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs that state a year or a figure but carry no {cite}."""
    return [p for p in paragraphs(text) if states_a_fact(p.text) and not CITE.search(p.text)]


# --- figures typed into the prose that a row of data/ holds (they must be glued) -----------------------------

NUMBER = re.compile(r"(?<![\w.,/-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w/-]|,\d)")
MONTH = re.compile(r"\s*(–\s*\d+\s*)?(January|February|March|April|May|June|July|August|September|October|"
                   r"November|December)\b")
PERCENT = re.compile(r"\s*(%|per ?cent)")
SCALE = re.compile(r"\s*(million|billion)\b")
NOUN = re.compile(r"\s*(?:(?:million|billion)\s+)?(?:(?:\d+\s*mm|North Korean|freight|ship|tanker)\s+)?([A-Za-z]+)")
# what a figure counts, as a data row's currency or unit and as the prose's noun after the figure
TAGS = {"usd": "USD", "sur": "roubles", "rub": "roubles", "roubles": "roubles", "rubles": "roubles", "krw": "KRW",
        "shells": "rounds", "rounds": "rounds", "munitions": "rounds", "barrels": "barrels", "containers": "containers",
        "tonnes": "tonnes", "tons": "tonnes", "persons": "people", "troops": "people", "soldiers": "people",
        "people": "people", "killed": "people", "casualties": "people", "workers": "people", "missiles": "missiles",
        "railcars": "railcars", "voyages": "voyages", "tanker_voyages": "voyages", "visits": "visits",
        "ship_visits": "visits", "passengers": "people"}


@dataclass(frozen=True)
class TypedFigure:
    line: int
    figure: str   # as typed, with its unit word
    context: str


def data_figures(rows: "Iterable[tuple[float, str, str]]") -> dict[tuple[str, str], set[float]]:
    """The data values by the way the prose writes them, keyed (kind, what): kind is ``percent`` (a share or
    change), ``million`` or ``billion`` (a value in, or scaled to, millions or billions) or ``count`` (any other
    value, as it stands); what is the row's currency or counted unit (``USD``, ``roubles``, ``rounds``, ``people``
    …), and ``*`` holds every value of the kind. ``rows`` are (value, unit, currency) of data rows."""
    kinds: dict[tuple[str, str], set[float]] = {}

    def add(kind: str, what: str, value: float) -> None:
        for key in ((kind, what), (kind, "*")):
            kinds.setdefault(key, set()).add(round(value, 6))

    for value, unit, currency in rows:
        unit, currency = str(unit).lower(), str(currency).lower()
        what = TAGS.get(currency) or TAGS.get(unit.split()[0], unit)
        if unit.startswith("percent"):
            add("percent", "*", value)
            add("percent", "*", abs(value))   # a fall of 80% is held as -80 and written "80% below"
        elif unit in ("million", "billion"):
            add(unit, what, value)
            if unit == "billion":
                add("million", what, value * 1000)
            add("count", what, value * (1e9 if unit == "billion" else 1e6))
        else:
            add("count", what, value)
            add("million", what, value / 1e6)
            add("billion", what, value / 1e9)
    return kinds


def typed_figures(text: str, kinds: dict[tuple[str, str], set[float]]) -> list[TypedFigure]:
    """Numbers typed into a page's prose that equal a data value written the same way: a percentage, or a figure in
    millions, billions or units of the same currency or thing (USD, roubles, rounds, barrels, people …; a figure
    with no such word matches any). Glue roles, citations and links are left out, and so are years and days of the
    month. A bare count needs a thousands separator, a decimal point or three digits to count."""
    found = []
    for paragraph in paragraphs(text):
        plain = re.sub(r"\{(cite|numref|ref|doc|term|glue)(:[a-z]+)?\}`[^`]*`", "", paragraph.text)
        plain = re.sub(r"\]\([^)]*\)", "]", plain)
        plain = re.sub(r"https?://\S+", "", plain)
        for match in NUMBER.finditer(plain):
            typed = match.group(0)
            value = float(typed.replace(",", ""))
            after = plain[match.end():match.end() + 40]
            if re.fullmatch(r"(1[89]|20)\d\d", typed) or MONTH.match(after):
                continue
            if PERCENT.match(after):
                kind, unit = "percent", "%"
            elif scale := SCALE.match(after):
                kind, unit = scale.group(1), " " + scale.group(1)
            elif "," in typed or "." in typed or value >= 100:
                kind, unit = "count", ""
            else:
                continue
            what = "*"
            if kind != "percent":
                noun = NOUN.match(after)
                if re.search(r"(USD|US\$|\$)\s*$", plain[:match.start()]):
                    what = "USD"
                elif noun and noun.group(1).lower() in TAGS:
                    what = TAGS[noun.group(1).lower()]
                elif noun and noun.group(1) not in ("in", "by", "and", "to", "for", "a", "of", "from", "on", "at"):
                    what = noun.group(1).lower()   # a thing no data row counts (km, MiG, …)
            if round(value, 6) in kinds.get((kind, what), set()):
                line = paragraph.line + plain[:match.start()].count("\n")
                context = plain[max(0, match.start() - 40):match.end() + 30].replace("\n", " ")
                found.append(TypedFigure(line, typed + unit, context))
    return found


GLUE_ROLE = re.compile(r"\{glue:text\}`[^`]*::(\w+):[^`]*`")


def retyped_glued_figures(text: str, values: dict[str, str]) -> list[TypedFigure]:
    """Figures a page glues (by a key in ``values``, the glue key -> the figure as the prose writes it) that the
    same page also types with the same word after them: "{glue …s2_exports_1976} of the" glued in one place and
    "90 of the" typed in another. This catches a retyped figure that :func:`typed_figures` lets pass (a small count,
    a number followed by no unit word)."""
    follows: dict[str, set[str]] = {}
    for role in GLUE_ROLE.finditer(text):
        word = re.match(r"[^\w\s]*\s*(?:(?:million|billion)\s+)?\w+", text[role.end():])
        if role.group(1) in values and word:
            follows.setdefault(values[role.group(1)], set()).add(re.sub(r"\s+", " ", word.group(0)))
    found = []
    for paragraph in paragraphs(text):
        plain = re.sub(r"\{(cite|numref|ref|doc|term|glue)(:[a-z]+)?\}`[^`]*`", "", paragraph.text)
        flat = re.sub(r"\s+", " ", plain)
        for value, words in follows.items():
            for word in words:
                for match in re.finditer(rf"(?<![\w.,]){re.escape(value)}{re.escape(word)}(?!\w)", flat):
                    context = flat[max(0, match.start() - 40):match.end() + 30]
                    found.append(TypedFigure(paragraph.line, value + word, context))
    return found
