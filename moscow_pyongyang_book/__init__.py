"""The book's one Sphinx extension: everything that turns the library's output and the pages into editions.

Listed once in ``_config.yml`` (``sphinx.extra_extensions: [moscow_pyongyang_book]``); :func:`setup` registers
every part. The library (:mod:`moscow_pyongyang`) never imports this package: data and charts work without Sphinx.

- :mod:`.pages`          notebook cache invalidation; offline, lean, accessible HTML pages; the toc check
- :mod:`.glue`           figures glued in one notebook and pasted into another page
- :mod:`.tables`         pages generated from the data (the chronology, the table of disagreements)
- :mod:`.datapage`       the data appendix, generated from ``data/datapackage.json``
- :mod:`.print_edition`  the print edition (LaTeX builder only): parts, front and back matter, tables
- :mod:`.downloads`      under every chart online: its rows (CSV), SVG, PNG and "cite this figure"
- :mod:`.toc`            the reading order in ``_toc.yml`` (also used by the tests and ``scripts/bench.py``)
"""

from __future__ import annotations

__version__ = "0.1.0"


def setup(app) -> dict:
    from . import datapage, downloads, glue, pages, print_edition, tables

    for part in (pages, glue, tables, datapage, print_edition, downloads):
        part.register(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
