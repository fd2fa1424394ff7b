"""`make bench`: how fast the book builds and how light and fast its pages are. A report, never a test.

Works on a scratch copy of the sources in a temporary folder, so _build/ is never touched, and prints a
Markdown report:

- HTML build: cold (no cache: every notebook executes), no-change rebuild, rebuild after one notebook changes
  (the build log must show that only that notebook executed), rebuild after a data file changes (every
  notebook executes again: data/ is an input of all of them);
- PDF build time (after the HTML build, so notebooks come from the cache) and PDF size;
- each notebook's run time on a fresh kernel (nbclient, as `make test` runs them);
- page weights: every page loaded cold in Chromium from a local server that gzips like GitHub Pages, split
  into HTML, CSS, JavaScript, images and other, uncompressed and as transferred;
- Lighthouse (mobile, its default simulated slow 4G and mid-range phone) for the landing page and the
  heaviest chart page.

Targets: a no-change rebuild under 10% of the cold build; no page over 1.2 MB; Lighthouse performance,
accessibility, best practices and SEO all at least 95. Needs what `make bench` installs (Chromium, node_modules/).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from book_tools.site_server import SiteServer
from moscow_pyongyang_book.toc import toc_pages

ROOT = Path(__file__).resolve().parent.parent

JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
JB_FLAGS = ["-W", "-n", "--keep-going"]
PDF_NAME = "moscow-pyongyang.pdf"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Keep Chromium off the network: no background services, no component updates.
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LIGHTHOUSE_CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGET_REBUILD_SHARE = 0.10
TARGET_MAX_PAGE = 1_200_000
TARGET_LIGHTHOUSE = 95
IGNORE = shutil.ignore_patterns(".git", ".venv", "venv", "_build", "node_modules", "__pycache__", ".pytest_cache",
                                "*.egg-info", ".ipynb_checkpoints")


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


class BuildFailed(RuntimeError):
    pass


def build(root: Path, *extra: str) -> tuple[float, str]:
    """Build the scratch book like `make html` (or `make pdf` with ``--builder pdflatex``): seconds, log."""
    env = dict(os.environ, MOSCOW_PYONGYANG_DATA=str(root / "data"))
    start = time.perf_counter()
    proc = subprocess.run([str(JUPYTER_BOOK), "build", str(root), *extra, *JB_FLAGS], capture_output=True,
                          text=True, env=env)
    seconds = time.perf_counter() - start
    output = proc.stdout + proc.stderr
    if proc.returncode != 0:
        raise BuildFailed(f"build {' '.join(extra) or 'html'} failed:\n{output[-3000:]}")
    return seconds, output


def executed(output: str, root: Path) -> list[str]:
    """The notebooks a build executed, from myst-nb's log lines ("<path>: Executing notebook ...")."""
    found = re.findall(r"^(\S+?\.(?:ipynb|md)): Executing notebook", output, flags=re.M)
    return sorted({Path(p).resolve().relative_to(root.resolve()).as_posix() for p in found})


def touch_notebook(path: Path) -> None:
    """Change a notebook's last code cell (a trailing comment): its cache entry no longer matches."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = [c for c in nb["cells"] if c["cell_type"] == "code"][-1]
    source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
    cell["source"] = source.rstrip("\n") + "\n# changed by scripts/bench.py\n"
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def touch_data(path: Path) -> None:
    """Change a data file's bytes but not its meaning: switch its line endings (LF <-> CRLF)."""
    data = path.read_bytes()
    path.write_bytes(data.replace(b"\r\n", b"\n") if b"\r\n" in data else data.replace(b"\n", b"\r\n"))


def notebook_times(root: Path) -> dict[str, float]:
    import nbformat
    from nbclient import NotebookClient

    times = {}
    env_data = os.environ.get("MOSCOW_PYONGYANG_DATA")
    os.environ["MOSCOW_PYONGYANG_DATA"] = str(root / "data")
    try:
        for path in sorted((root / "notebooks").glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            client = NotebookClient(nb, timeout=600, kernel_name="python3",
                                    resources={"metadata": {"path": str(path.parent)}})
            start = time.perf_counter()
            client.execute()
            times[path.relative_to(root).as_posix()] = time.perf_counter() - start
    finally:
        if env_data is None:
            os.environ.pop("MOSCOW_PYONGYANG_DATA", None)
        else:
            os.environ["MOSCOW_PYONGYANG_DATA"] = env_data
    return times


def kind(url: str) -> str:
    suffix = Path(urlsplit(url).path).suffix.lower()
    return {".html": "html", ".css": "css", ".js": "js", ".svg": "img", ".png": "img", ".jpg": "img",
            ".jpeg": "img", ".gif": "img", ".webp": "img", ".ico": "img"}.get(suffix, "other")


def page_weights(html_dir: Path, pages: list[str], server: SiteServer) -> dict[str, dict]:
    """Each page loaded cold in Chromium: bytes by kind (uncompressed) and bytes transferred (gzip)."""
    from playwright.sync_api import sync_playwright

    from book_tools.browser import CHROMIUM_ARGS, load_page

    weights = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for page in pages:
                load = load_page(browser, server.url + page)
                by_kind = {k: 0 for k in ("html", "css", "js", "img", "other")}
                for url, size in load.sizes.items():
                    by_kind[kind(url)] += size
                images = sum(size for url, size in load.sizes.items() if "/_images/" in url)
                weights[page] = {**by_kind, "total": load.weight, "gzip": load.wire_weight, "requests": len(load.sizes),
                                 "chart_bytes": images, "problems": load.errors + load.failed + load.foreign}
        finally:
            browser.close()
    return weights


def lighthouse(url: str, out: Path) -> dict[str, int]:
    env = dict(os.environ, CHROME_PATH=str(CHROMIUM))
    proc = subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
                           f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}",
                           f"--chrome-flags={' '.join(CHROME_FLAGS)}"], capture_output=True, text=True, env=env)
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(f"lighthouse failed on {url}:\n{proc.stderr[-2000:]}")
    report = json.loads(out.read_text())
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in LIGHTHOUSE_CATEGORIES}
    audits = report["audits"]
    scores["FCP s"] = round(audits["first-contentful-paint"]["numericValue"] / 1000, 1)
    scores["LCP s"] = round(audits["largest-contentful-paint"]["numericValue"] / 1000, 1)
    scores["TBT ms"] = round(audits["total-blocking-time"]["numericValue"])
    scores["CLS"] = round(audits["cumulative-layout-shift"]["numericValue"], 3)
    return scores


def median_scores(runs: list[dict]) -> dict:
    return {key: sorted(r[key] for r in runs)[len(runs) // 2] for key in runs[0]}


def mark(ok: bool) -> str:
    return "yes" if ok else "**NO**"


def kb(n: int) -> str:
    return f"{n / 1000:,.0f} kB"


def run(args) -> dict:
    scratch = Path(tempfile.mkdtemp(prefix="book-bench-"))
    root = scratch / "book"
    results: dict = {"scratch": str(root)}
    try:
        shutil.copytree(ROOT, root, ignore=IGNORE)
        log(f"scratch copy: {root}")

        log("cold HTML build (every notebook executes) ...")
        results["cold"], out = build(root)
        results["cold_executed"] = executed(out, root)
        log("no-change rebuild ...")
        results["nochange"], out = build(root)
        results["nochange_executed"] = executed(out, root)

        notebooks = sorted((root / "notebooks").glob("*.ipynb"))
        if notebooks:
            changed = notebooks[0]
            touch_notebook(changed)
            log(f"rebuild after changing {changed.relative_to(root)} ...")
            results["one_nb"], out = build(root)
            results["one_nb_changed"] = changed.relative_to(root).as_posix()
            results["one_nb_executed"] = executed(out, root)
        data_files = sorted(p for p in (root / "data").rglob("*") if p.is_file() and p.suffix in {".csv", ".tsv"})
        if data_files:
            touch_data(data_files[0])
            log(f"rebuild after changing {data_files[0].relative_to(root)} ...")
            results["data"], out = build(root)
            results["data_changed"] = data_files[0].relative_to(root).as_posix()
            results["data_executed"] = executed(out, root)

        if not args.skip_pdf:
            log("PDF build ...")
            results["pdf"], _ = build(root, "--builder", "pdflatex")
            pdf = root / "_build" / "latex" / PDF_NAME
            results["pdf_bytes"] = pdf.stat().st_size if pdf.exists() else None

        log("notebooks on a fresh kernel ...")
        results["notebooks"] = notebook_times(root)

        html_dir = root / "_build" / "html"
        pages = sorted(p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html")
                       if p.relative_to(html_dir).parts[0] not in {"_static", "_sources", "_images"})
        with SiteServer(html_dir) as server:
            log(f"page weights ({len(pages)} pages) ...")
            results["weights"] = page_weights(html_dir, pages, server)
            content = [f"{p}.html" for p in toc_pages(root / "_toc.yml")]
            landing = content[0]
            # the heaviest page (total weight) among those that show a chart
            charts = {p: results["weights"][p]["total"] for p in content if results["weights"][p]["chart_bytes"]}
            heaviest_chart = max(charts, key=charts.get) if charts else None
            results["lighthouse"] = {}
            if not args.skip_lighthouse:
                for label, page in (("landing page", landing), ("heaviest chart page", heaviest_chart)):
                    if page is None:
                        continue
                    log(f"Lighthouse (mobile) on {page} x{args.lighthouse_runs} ...")
                    runs = [lighthouse(server.url + page, scratch / f"lighthouse-{i}.json")
                            for i in range(args.lighthouse_runs)]
                    results["lighthouse"][f"{label}: {page}"] = median_scores(runs)
        results["site_bytes"] = sum(p.stat().st_size for p in html_dir.rglob("*") if p.is_file())
    finally:
        if args.keep:
            log(f"kept the scratch copy: {root}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    return results


def report(r: dict) -> str:
    lines = ["# Benchmark of the book", "",
             f"Machine: {os.cpu_count()} cores; scratch copy of {ROOT.name}; times in seconds (one run each).", "",
             "## Builds", "", "| build | seconds | notebooks executed | target | met |", "|---|---:|---|---|---|"]
    cold = r["cold"]
    lines.append(f"| cold HTML build | {cold:.1f} | {len(r['cold_executed'])} (all) | | |")
    share = r["nochange"] / cold
    lines.append(f"| no-change rebuild | {r['nochange']:.1f} | {len(r['nochange_executed'])} | "
                 f"< {TARGET_REBUILD_SHARE:.0%} of cold ({share:.1%}) | {mark(share < TARGET_REBUILD_SHARE and not r['nochange_executed'])} |")
    if "one_nb" in r:
        only = r["one_nb_executed"] == [r["one_nb_changed"]]
        lines.append(f"| after changing `{r['one_nb_changed']}` | {r['one_nb']:.1f} | "
                     f"{', '.join(r['one_nb_executed']) or 'none'} | only that notebook re-executes | {mark(only)} |")
    if "data" in r:
        lines.append(f"| after changing `{r['data_changed']}` | {r['data']:.1f} | {len(r['data_executed'])} "
                     f"of {len(r['cold_executed'])} | every notebook re-executes | "
                     f"{mark(r['data_executed'] == r['cold_executed'])} |")
    if "pdf" in r:
        size = f"{r['pdf_bytes'] / 1e6:.2f} MB" if r.get("pdf_bytes") else "missing"
        lines.append(f"| PDF build (notebooks cached) | {r['pdf']:.1f} | PDF size {size} | | |")
    lines += ["", "## Notebooks on a fresh kernel", "", "| notebook | seconds |", "|---|---:|"]
    lines += [f"| `{name}` | {seconds:.1f} |" for name, seconds in r["notebooks"].items()]
    weights = r["weights"]
    lines += ["", "## Page weight (cold load; uncompressed, and transferred with gzip)", "",
              "| page | HTML | CSS | JS | images | other | total | transferred | requests |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for page, w in sorted(weights.items(), key=lambda kv: -kv[1]["total"]):
        lines.append(f"| `{page}` | {kb(w['html'])} | {kb(w['css'])} | {kb(w['js'])} | {kb(w['img'])} | "
                     f"{kb(w['other'])} | {kb(w['total'])} | {kb(w['gzip'])} | {w['requests']} |")
    heaviest = max(weights, key=lambda p: weights[p]["total"])
    lines += ["", f"- Largest page: `{heaviest}`, {kb(weights[heaviest]['total'])} "
                  f"(target at most {kb(TARGET_MAX_PAGE)}: {mark(weights[heaviest]['total'] <= TARGET_MAX_PAGE)}).",
              f"- Total of all pages' cold loads: {kb(sum(w['total'] for w in weights.values()))} "
              f"({kb(sum(w['gzip'] for w in weights.values()))} transferred); the whole built site on disk: "
              f"{r['site_bytes'] / 1e6:.1f} MB.",
              ]
    problems = {p: w["problems"] for p, w in weights.items() if w["problems"]}
    if problems:
        lines.append(f"- Pages with console errors or failed requests: {problems}")
    if r["lighthouse"]:
        lines += ["", f"## Lighthouse (mobile, simulated throttling; target {TARGET_LIGHTHOUSE} in every category)", "",
                  "| page | performance | accessibility | best practices | SEO | FCP s | LCP s | TBT ms | CLS | met |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
        for page, s in r["lighthouse"].items():
            ok = all(s[c] >= TARGET_LIGHTHOUSE for c in LIGHTHOUSE_CATEGORIES)
            lines.append(f"| {page} | {s['performance']} | {s['accessibility']} | {s['best-practices']} | {s['seo']} | "
                         f"{s['FCP s']} | {s['LCP s']} | {s['TBT ms']} | {s['CLS']} | {mark(ok)} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark the book's builds and pages (a report, not a test).")
    parser.add_argument("--skip-pdf", action="store_true", help="leave out the PDF build")
    parser.add_argument("--skip-lighthouse", action="store_true", help="leave out Lighthouse")
    parser.add_argument("--lighthouse-runs", type=int, default=1, help="Lighthouse runs per page (median shown)")
    parser.add_argument("--json", type=Path, help="also write the raw results to this file")
    parser.add_argument("--keep", action="store_true", help="keep the scratch copy")
    args = parser.parse_args()
    if not args.skip_lighthouse and not LIGHTHOUSE.exists():
        parser.error(f"{LIGHTHOUSE} is missing: run `make bench` (it runs `npm ci`)")
    try:
        results = run(args)
    except BuildFailed as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
