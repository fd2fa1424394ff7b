"""Re-run a notebook only when something it read has changed (registered by :func:`moscow_pyongyang_book.setup`).

myst-nb keeps each executed notebook in a jupyter-cache, keyed on the notebook's code cells only: a changed CSV in
``data/`` or a changed chart module would leave a stale figure in the book. So the build records, for each notebook
it executes, the files the run actually read, and re-runs the notebook when one of them changes:

1. **Recording.** Just before Sphinx reads a notebook, this module points ``MOSCOW_PYONGYANG_INPUTS`` at a fresh
   file; the kernel inherits it and the library appends every input it reads (data files, the descriptor,
   ``references.bib``) and every module of :mod:`moscow_pyongyang` the notebook imported
   (:func:`moscow_pyongyang.data.inputs.record_input`). When the notebook did execute, the list is saved with a
   SHA-256 of each file as the notebook's *manifest*, beside the jupyter-cache (``<cache>/book-inputs/``); the
   package data files next to a recorded module (``book.mplstyle``) count as inputs too.
2. **Invalidation.** Before Sphinx decides what to re-read, each manifest is checked against the files on disk. A
   notebook whose inputs changed loses its jupyter-cache record (so myst-nb executes it again) and is re-read,
   with every page that shows its glued numbers or figures (``{glue:…}`` with ``notebook.ipynb::key``). A notebook
   that read nothing that changed is left alone: a change to ``balancing.csv`` re-runs only the notebook that
   loads it, a change to ``charts/trade.py`` only the notebook that imports it, and a change to this extension
   re-runs none. Each Sphinx environment (HTML, PDF) also keeps the digest it read each notebook with, so the
   second edition re-reads a notebook that the first one re-ran.

A notebook without a manifest (first build, or a cache emptied by hand) is executed by myst-nb as usual and gets
one. A failed build is handled by :mod:`.pages` (the next build starts from scratch).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from functools import lru_cache
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from moscow_pyongyang.data.inputs import INPUTS_ENV_VAR

logger = logging.getLogger(__name__)

MANIFEST_DIR = "book-inputs"
# a page that pastes a notebook's glued output names it: {glue:text}`../notebooks/x.ipynb::key`, {glue:figure} …
NOTEBOOK_REFERENCE = re.compile(r"([\w./-]+\.ipynb)::")
PACKAGE_DATA_SUFFIXES = {".mplstyle", ".json", ".csv", ".txt"}


# --------------------------------------------------------------------------------------------------------------
# where things are


def _cache_dir(app: Sphinx) -> Path | None:
    config = getattr(app.env, "mystnb_config", None)
    path = getattr(config, "execution_cache_path", None)
    if not path or getattr(config, "execution_mode", None) != "cache":
        return None
    return Path(path)


def _manifest(app: Sphinx, docname: str) -> Path | None:
    cache = _cache_dir(app)
    return cache / MANIFEST_DIR / f"{docname.replace('/', '__')}.json" if cache is not None else None


def _is_notebook(app: Sphinx, docname: str) -> bool:
    return Path(app.env.doc2path(docname)).suffix == ".ipynb"


# --------------------------------------------------------------------------------------------------------------
# digests


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return "missing"


def input_files(recorded: list[str]) -> list[Path]:
    """The recorded paths plus the package data files beside each recorded module, sorted, without repeats."""
    files = {Path(p) for p in recorded}
    for path in list(files):
        if path.suffix == ".py" and path.parent.is_dir():
            files.update(p for p in path.parent.iterdir() if p.suffix in PACKAGE_DATA_SUFFIXES and p.is_file())
    return sorted(files)


def _bib_keys(path: Path) -> str:
    """The bibliography's entry keys, sorted and ';'-joined (or why there are none)."""
    try:
        return _keys(path, path.stat().st_mtime_ns)
    except FileNotFoundError:
        return "missing"


@lru_cache(maxsize=4)
def _keys(path: Path, mtime_ns: int) -> str:
    from pybtex.database import parse_file

    try:
        return ";".join(sorted(parse_file(str(path), bib_format="bibtex").entries.keys()))
    except Exception as exc:  # an unreadable bibliography: the notebook must run again and report it
        return f"unreadable:{type(exc).__name__}"


def _keys_kept(then: str, now: str) -> bool:
    """Every key the run could cite is still there. New keys change nothing a successful run showed (its loaders
    only check that each row's key exists); a removed one may break it."""
    if not then or ":" in then or ":" in now or now == "missing" or then == "missing":
        return then == now
    return set(then.split(";")) <= set(now.split(";"))


# Inputs that a notebook depends on only in part, with what counts: the bibliography matters to a notebook only
# through its keys, so adding or editing an entry re-runs nothing and removing one re-runs the notebooks.
PARTIAL_INPUTS = {"references.bib": (_bib_keys, _keys_kept)}


def _digest(path: Path, name: str) -> str:
    partial = PARTIAL_INPUTS.get(Path(name).name)
    return f"{_sha256(path)} {partial[0](path)}" if partial else _sha256(path)


def digests(files: list[Path], srcdir: Path) -> dict[str, str]:
    """``{name: digest}``; files inside the book are named relative to it, so a copy of the book (with its cache)
    checks its own files."""
    named = {(path.relative_to(srcdir).as_posix() if path.is_relative_to(srcdir) else str(path)): path
             for path in files}
    return {name: _digest(path, name) for name, path in named.items()}


def combined(digest_map: dict[str, str]) -> str:
    """One digest of what the notebook depends on, leaving out the inputs it depends on only in part."""
    relevant = {name: digest for name, digest in digest_map.items() if Path(name).name not in PARTIAL_INPUTS}
    return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()


def read_manifest(path: Path | None) -> dict[str, str] | None:
    """``{file: sha256}`` recorded when the notebook last executed, or None."""
    if path is None or not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))["inputs"]
    except (OSError, ValueError, KeyError):
        return None


def changed_inputs(recorded: dict[str, str], srcdir: Path) -> list[str]:
    """The recorded files whose content differs now (or that are gone), as far as the notebook can tell: a file in
    ``PARTIAL_INPUTS`` whose bytes changed counts only when its relevant part did (``recorded`` then takes its new
    digest, so that the next check is quick again)."""
    changed = []
    for name, digest in recorded.items():
        path = srcdir / name
        file_digest, _, then = digest.partition(" ")
        now = _sha256(path)
        partial = PARTIAL_INPUTS.get(Path(name).name)
        if now == file_digest:
            if partial and not then:  # recorded without its part: add it (the file is the one the run read)
                recorded[name] = f"{now} {partial[0](path)}"
            continue
        if partial and then:
            part = partial[0](path)
            if partial[1](then, part):
                recorded[name] = f"{now} {part}"
                continue
        changed.append(name)
    return changed


# --------------------------------------------------------------------------------------------------------------
# recording, around the reading of each notebook


def _start_recording(app: Sphinx, docname: str, source: list[str]) -> None:
    _note_notebook_references(app, docname, source[0] if source else "")
    manifest = _manifest(app, docname)
    if manifest is None or not _is_notebook(app, docname):
        os.environ.pop(INPUTS_ENV_VAR, None)
        return
    manifest.parent.mkdir(parents=True, exist_ok=True)
    running = manifest.with_suffix(".reading")
    running.unlink(missing_ok=True)
    os.environ[INPUTS_ENV_VAR] = str(running)


def _stop_recording(app: Sphinx, doctree) -> None:
    docname = app.env.docname
    manifest = _manifest(app, docname)
    if manifest is None or not _is_notebook(app, docname):
        return
    os.environ.pop(INPUTS_ENV_VAR, None)
    running = manifest.with_suffix(".reading")
    if running.exists():  # the notebook executed while it was read: its inputs are new
        recorded = [line for line in running.read_text(encoding="utf-8").splitlines() if line]
        inputs = digests(input_files(recorded), Path(app.srcdir))
        manifest.write_text(json.dumps({"notebook": docname, "inputs": inputs}, indent=1) + "\n", encoding="utf-8")
        running.unlink()
    inputs = read_manifest(manifest)
    if inputs is not None:
        _read_with(app.env)[docname] = combined(inputs)


def _read_with(env) -> dict[str, str]:
    """docname -> digest of the inputs the Sphinx environment last read that notebook with."""
    if not hasattr(env, "book_notebook_inputs"):
        env.book_notebook_inputs = {}
    return env.book_notebook_inputs


def _glue_readers(env) -> dict[str, set[str]]:
    """docname -> the notebooks (docnames) whose glued outputs the page pastes."""
    if not hasattr(env, "book_glue_readers"):
        env.book_glue_readers = {}
    return env.book_glue_readers


def _note_notebook_references(app: Sphinx, docname: str, text: str) -> None:
    env = app.env
    found = set()
    for ref in NOTEBOOK_REFERENCE.findall(text):
        _, abs_path = env.relfn2path(ref, docname)
        target = env.path2doc(abs_path)
        if target:
            found.add(target)
    if found:
        _glue_readers(env)[docname] = found
    else:
        _glue_readers(env).pop(docname, None)


# --------------------------------------------------------------------------------------------------------------
# invalidation, before Sphinx reads anything


def _has_cache(app: Sphinx) -> bool:
    cache_dir = _cache_dir(app)
    return cache_dir is not None and (cache_dir / "global.db").exists()


def _remove_cache_record(app: Sphinx, docname: str) -> None:
    cache_dir = _cache_dir(app)
    if not _has_cache(app):
        return
    from jupyter_cache import get_cache  # only when a notebook must re-run: it takes a while to import

    cache = get_cache(str(cache_dir))
    path = str(app.env.doc2path(docname))
    try:
        record = cache.match_cache_file(path)
    except KeyError:
        return
    cache.remove_cache(record.pk)


def _outdated_when_inputs_change(app: Sphinx, env, added, changed, removed) -> list[str]:
    if _cache_dir(app) is None:
        return []
    read_with = _read_with(env)
    rerun: set[str] = set()
    for docname in sorted(env.found_docs - set(removed)):
        if not _is_notebook(app, docname):
            continue
        manifest = _manifest(app, docname)
        inputs = read_manifest(manifest)
        if inputs is None:
            if _has_cache(app):
                # executed before inputs were recorded (or the manifest is gone): run it once more to record them
                _remove_cache_record(app, docname)
                rerun.add(docname)
            continue
        before = dict(inputs)
        differ = changed_inputs(inputs, Path(app.srcdir))
        if not differ and inputs != before:  # only the bytes of a partial input changed: remember its new digest
            manifest.write_text(json.dumps({"notebook": docname, "inputs": inputs}, indent=1) + "\n",
                                encoding="utf-8")
        if differ:
            logger.info("[moscow_pyongyang] %s read %s, which changed: running it again", docname,
                        ", ".join(Path(p).name for p in differ[:5]))
            _remove_cache_record(app, docname)
            manifest.unlink(missing_ok=True)
            rerun.add(docname)
        elif read_with.get(docname) not in (None, combined(inputs)):
            rerun.add(docname)  # re-run by another builder since this environment read it
    rerun |= {doc for doc in changed if _is_notebook(app, doc)}  # a notebook edited by hand re-runs anyway
    readers = {doc for doc, notebooks in _glue_readers(env).items() if notebooks & rerun}
    return sorted((rerun | readers) & env.found_docs - set(added))


def _purge(app: Sphinx, env, docname: str) -> None:
    _read_with(env).pop(docname, None)
    _glue_readers(env).pop(docname, None)


def _merge(app: Sphinx, env, docnames, other) -> None:
    for name in docnames:
        if name in _read_with(other):
            _read_with(env)[name] = _read_with(other)[name]
        if name in _glue_readers(other):
            _glue_readers(env)[name] = _glue_readers(other)[name]


def register(app: Sphinx) -> None:
    app.connect("source-read", _start_recording)
    app.connect("doctree-read", _stop_recording)
    app.connect("env-get-outdated", _outdated_when_inputs_change)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
