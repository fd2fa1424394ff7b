#!/usr/bin/env python3
"""Render the PDF edition's pages to PNG and tile them into contact sheets, for a page-by-page look.

    .venv/bin/python scripts/pdf_contact_sheets.py [PDF] [--out DIR] [--dpi 60] [--columns 4] [--rows 2]

Writes DIR/page-NN.png (one per page, from poppler's pdftoppm) and DIR/sheet-N.png (columns x rows pages
each, page numbers in the file names printed on stdout). Open the sheets in any image viewer; look at a single
page PNG where a sheet is too small to judge.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PDF = ROOT / "_build" / "pdf" / "moscow-pyongyang.pdf"


def render_pages(pdf: Path, out: Path, dpi: int) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(out / "page")], check=True)
    return sorted(out.glob("page-*.png"))


def contact_sheets(pages: list[Path], out: Path, columns: int, rows: int) -> list[Path]:
    from PIL import Image  # pillow comes with matplotlib

    per_sheet = columns * rows
    sheets = []
    for start in range(0, len(pages), per_sheet):
        images = [Image.open(p) for p in pages[start:start + per_sheet]]
        width, height = images[0].size
        used_rows = (len(images) + columns - 1) // columns
        sheet = Image.new("RGB", (columns * (width + 8), used_rows * (height + 8)), "#888888")
        for i, image in enumerate(images):
            sheet.paste(image, ((i % columns) * (width + 8), (i // columns) * (height + 8)))
        path = out / f"sheet-{start // per_sheet + 1}.png"
        sheet.save(path)
        sheets.append(path)
        print(f"{path}: pages {start + 1}-{start + len(images)}")
    return sheets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", nargs="?", type=Path, default=DEFAULT_PDF)
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "pdf-review")
    parser.add_argument("--dpi", type=int, default=60)
    parser.add_argument("--columns", type=int, default=4)
    parser.add_argument("--rows", type=int, default=2)
    args = parser.parse_args(argv)
    if not args.pdf.is_file():
        print(f"{args.pdf}: no such PDF; run `make pdf` first", file=sys.stderr)
        return 1
    pages = render_pages(args.pdf, args.out, args.dpi)
    contact_sheets(pages, args.out, args.columns, args.rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
