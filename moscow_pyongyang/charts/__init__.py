"""The book's charts: one style (:mod:`.style`: colours, sizes, stage bands), shared helpers (:mod:`.chartdata`)
and one module per chart.

Every chart comes in two steps, so that a student can change what is drawn or how without editing the package::

    from moscow_pyongyang.charts.trade import prepare_china_share, plot_china_share
    rows = prepare_china_share(trade)                  # the rows the chart draws (a DataFrame)
    fig = plot_china_share(rows, title="My own title", colors={"China": "black"})

``plot_*(rows, ax=None, **options)`` takes the title, colours and labels as arguments (defaults in
:mod:`.style`), draws into ``ax`` when given one, and writes the finding as the title when not told otherwise.

Import the module of the chart you draw: the build re-runs a notebook when a module it imported changes, so
this package imports nothing on its own.
"""
