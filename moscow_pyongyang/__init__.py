"""Helpers shared by the notebooks, the generated pages and the tests of the Moscow–Pyongyang book.

- :mod:`moscow_pyongyang.paths`   where the book's files are (``data/``, the repository root)
- :mod:`moscow_pyongyang.load`    read ``data/`` into typed DataFrames, refusing malformed rows
- :mod:`moscow_pyongyang.style`   one palette, one set of markers and hatches, one chart style
- :mod:`moscow_pyongyang.figures` publish a chart as a numbered, captioned figure with its sources
"""

__version__ = "0.1.0"
