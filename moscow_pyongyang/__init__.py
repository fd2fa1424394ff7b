"""The Moscow–Pyongyang book's library: read the data, draw the charts, publish numbers and figures.

The flow is ``data/`` → :mod:`moscow_pyongyang.data` → :mod:`moscow_pyongyang.charts` → notebooks (which call
:mod:`moscow_pyongyang.publish`) → chapters → the book's Sphinx extension (the separate package
``moscow_pyongyang_book``, which this library never imports) → the HTML and PDF editions.

- :mod:`moscow_pyongyang.data`     where ``data/`` is, partial dates, the descriptor, validated loading, stages
- :mod:`moscow_pyongyang.charts`   the chart style and one module per chart (``prepare_*`` data, ``plot_*`` drawing)
- :mod:`moscow_pyongyang.publish`  glue numbers, show tables, publish a chart as a captioned figure with its sources
"""

__version__ = "0.1.0"
