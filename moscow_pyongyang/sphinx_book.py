"""The book's own Sphinx extension (listed in ``_config.yml`` under ``sphinx.extra_extensions``).

1. **Data-aware notebook cache.** jupyter-cache keys a notebook's stored outputs on its code cells only, so a
   changed CSV in ``data/`` (or a changed helper module) would leave a stale figure in the book. Before Sphinx
   decides what to re-read, this extension fingerprints ``data/`` and the helper package; when the fingerprint
   differs from the one recorded by the last successful build, it clears the jupyter cache and marks every page
   for re-reading, so every notebook re-executes against the new inputs.
2. **Offline HTML.** No page loads anything from a third-party host: the MathJax script (a CDN script; the
   book has no mathematics) and the Thebe scripts are removed, and a page that does contain math is a build
   error rather than a silent third-party request. Duplicated inline scripts are emitted once.
3. **A strict table of contents.** A ``_toc.yml`` entry without a source file is reported with the toc's name.
4. **Figures across pages** (:mod:`moscow_pyongyang.sphinx_glue`) and **pages generated from the data**
   (:mod:`moscow_pyongyang.sphinx_tables`: the chronology and the table of disagreements).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from . import __version__
from .paths import REPO_ROOT
from .toc import missing_sources

logger = logging.getLogger(__name__)

FINGERPRINT_FILE = "book-inputs.sha256"
PACKAGE_DIR = Path(__file__).resolve().parent


def input_files(srcdir: Path) -> list[Path]:
    """The files whose content every executed notebook may depend on: ``data/`` and the helper package."""
    files = [p for p in (srcdir / "data").rglob("*") if p.is_file()]
    files += [p for p in PACKAGE_DIR.rglob("*") if p.is_file() and p.suffix in {".py", ".mplstyle", ".json"}
              and "__pycache__" not in p.parts]
    return sorted(files)


def inputs_fingerprint(srcdir: Path) -> str:
    digest = hashlib.sha256()
    for path in input_files(srcdir):
        rel = path.relative_to(srcdir) if path.is_relative_to(srcdir) else path.relative_to(REPO_ROOT.parent)
        digest.update(str(rel).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _cache_dir(app: Sphinx) -> Path | None:
    config = getattr(app.env, "mystnb_config", None)
    path = getattr(config, "execution_cache_path", None)
    return Path(path) if path else None


def _stamps(app: Sphinx) -> tuple[Path | None, Path]:
    """Where the fingerprint of the last good build is kept: one for the shared notebook cache, one for this
    builder's Sphinx environment (HTML and PDF builds each re-read their pages once after a change)."""
    cache = _cache_dir(app)
    cache_stamp = cache / FINGERPRINT_FILE if cache is not None else None
    env_stamp = Path(app.doctreedir) / f"book-inputs-{app.builder.name}.sha256"
    return cache_stamp, env_stamp


def _read(stamp: Path | None) -> str | None:
    return stamp.read_text().strip() if stamp is not None and stamp.exists() else None


def _outdated_when_inputs_change(app: Sphinx, env, added, changed, removed):
    current = inputs_fingerprint(Path(app.srcdir))
    app.env._book_inputs_fingerprint = current  # recorded at build-finished
    cache_stamp, env_stamp = _stamps(app)
    if cache_stamp is not None and _read(cache_stamp) != current and cache_stamp.parent.exists():
        logger.info("[moscow_pyongyang] data/ or the helper package changed: clearing the notebook cache %s",
                    cache_stamp.parent)
        shutil.rmtree(cache_stamp.parent)
    if _read(env_stamp) == current:
        return []
    return sorted(env.found_docs - set(added) - set(removed))


def _record_fingerprint(app: Sphinx, exception) -> None:
    current = getattr(app.env, "_book_inputs_fingerprint", None)
    succeeded = exception is None and getattr(app, "_warncount", 0) == 0
    if not succeeded:
        # Sphinx does not repeat a cached page's warnings: forget the environment so that the next build
        # re-reads every page and reports the same problems again instead of passing silently.
        (Path(app.doctreedir) / "environment.pickle").unlink(missing_ok=True)
    for stamp in _stamps(app):
        if stamp is None:
            continue
        if succeeded and current:
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.write_text(current + "\n")
        else:  # a failed build: make the next one start from scratch
            stamp.unlink(missing_ok=True)


def _script_key(script) -> tuple[str, str]:
    attributes = getattr(script, "attributes", {}) or {}
    return str(getattr(script, "filename", script) or ""), str(attributes.get("body", ""))


def _offline_scripts(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Keep only scripts served by the book itself, each once.

    Removes MathJax (a CDN script; the book has no math) and Thebe (live code from a CDN, switched off in
    ``_config.yml``, but jupyter-book loads the extension anyway and emits its inline script twice).
    """
    if doctree is not None and context.get("has_math"):
        logger.warning("page %s contains math, but the book ships no MathJax (it would load from a CDN)",
                       pagename, location=pagename, type="moscow_pyongyang", subtype="math")
    scripts = context.get("script_files")
    if not scripts:
        return
    kept, seen = [], set()
    for script in scripts:
        name, body = _script_key(script)
        if "mathjax" in name.lower() or "thebe" in name.lower() or "THEBE_JS_URL" in body:
            continue
        if (name, body) in seen:
            continue
        seen.add((name, body))
        kept.append(script)
    context["script_files"] = kept


def _check_toc(app: Sphinx) -> None:
    """A toc entry with no page behind it is named, with the toc file, before anything else happens."""
    toc = Path(app.srcdir) / "_toc.yml"
    if toc.exists():
        for page in missing_sources(toc):
            logger.warning("_toc.yml: entry %r has no source file (%s.md or %s.ipynb)", page, page, page,
                           location=str(toc), type="moscow_pyongyang", subtype="toc")


def setup(app: Sphinx) -> dict:
    from . import sphinx_glue, sphinx_tables

    sphinx_glue.setup(app)
    sphinx_tables.setup(app)
    app.connect("builder-inited", _check_toc)
    app.connect("env-get-outdated", _outdated_when_inputs_change)
    app.connect("build-finished", _record_fingerprint)
    # after sphinx.ext.mathjax (priority 500) has added its script
    app.connect("html-page-context", _offline_scripts, priority=900)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
