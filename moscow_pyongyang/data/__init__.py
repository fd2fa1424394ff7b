"""Reading ``data/``: one path function, partial dates, the descriptor, validated loaders and the four stages.

- :mod:`.paths`    the one place that says where ``data/`` is (``MOSCOW_PYONGYANG_DATA`` overrides it)
- :mod:`.dates`    ISO dates at a source's precision (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``), parsed once here
- :mod:`.errors`   :class:`DataError`: file, line, column and reason of a malformed row
- :mod:`.schema`   the field definitions in ``data/datapackage.json`` (each with its Frictionless field)
- :mod:`.units`    the unit words that mean money and their multipliers
- :mod:`.inputs`   a record of the files a run read (the book's build re-runs a notebook when one changes)
- :mod:`.load`     typed DataFrames, one loader per dataset
- :mod:`.periods`  which stage a date falls in
"""

from .errors import DataError
from .load import (DATASETS, load_balancing, load_disagreements, load_events, load_off_book, load_periods,
                   load_stages, load_table, load_trade, load_unsc_votes, load_places, load_routes, load_geometry)
from .paths import data_dir
from .periods import stage_of

__all__ = ["DATASETS", "DataError", "data_dir", "load_balancing", "load_disagreements", "load_events",
           "load_off_book", "load_periods", "load_stages", "load_table", "load_trade", "load_unsc_votes",
           "stage_of", "load_places", "load_routes", "load_geometry"]
