"""Tools around the built book, shared by the tests and ``scripts/bench.py``: a local server that gzips like
GitHub Pages (:mod:`.site_server`) and Debian's Chromium driven by Playwright (:mod:`.browser`)."""
