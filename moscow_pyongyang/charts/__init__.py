"""The book's charts: one style (:mod:`.style`), shared helpers (:mod:`.chartdata`) and one module per chart.

Import the module of the chart you draw (``from moscow_pyongyang.charts.trade import plot_china_share``): the
build re-runs a notebook when a module it imported changes, so this package imports nothing on its own.
"""
