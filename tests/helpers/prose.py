"""Checks on the book's prose: every paragraph that states a year or a figure carries a citation.

A "paragraph" is a block of consecutive non-blank lines in a MyST page, outside code fences, with headings,
directive options (``:name: …``) and fence lines left out. Directive bodies (admonitions, figure captions) are
checked too: a caption that states a year needs its source as much as a paragraph does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
