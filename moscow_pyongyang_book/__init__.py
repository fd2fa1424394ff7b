"""The book's one Sphinx extension: everything that turns the library's output and the pages into editions.

Listed once in ``_config.yml`` (``sphinx.extra_extensions: [moscow_pyongyang_book]``); :func:`setup` registers
every part. The library (:mod:`moscow_pyongyang`) never imports this package: data and charts work without Sphinx.

- :mod:`.cache`          re-run a notebook only when a file it read changed (data, descriptor, library modules)
- :mod:`.pages`          offline, lean, accessible HTML pages; the toc check; a failed build is not remembered
- :mod:`.glue`           figures glued in one notebook and pasted into another page
- :mod:`.tables`         pages generated from the data (the chronology, the table of disagreements)
- :mod:`.datapage`       the data appendix, generated from ``data/datapackage.json``
- :mod:`.print_edition`  the print edition (LaTeX builder only): parts, front and back matter, tables
- :mod:`.references`     the author–year bibliography and citation styles (pybtex and sphinxcontrib-bibtex plugins)
- :mod:`.downloads`      under every chart online: its rows (CSV), SVG, PNG and "cite this figure"
- :mod:`.marks`          online: charts inlined as SVG, each mark a link to its data row (figure, date, source, quote)
- :mod:`.styles`         online: the theme's stylesheets without the rules no page can match
- :mod:`.epub`           the EPUB edition (epub builder only): cover, metadata, table of contents, stylesheet
- :mod:`.toc`            the reading order in ``_toc.yml`` (also used by the tests and ``scripts/bench.py``)
"""

from __future__ import annotations

__version__ = "0.1.0"


def setup(app) -> dict:
    from . import cache, datapage, downloads, epub, glue, marks, pages, print_edition, references, styles, tables

    for part in (cache, pages, glue, tables, datapage, print_edition, references, downloads, marks, styles, epub):
        part.register(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
