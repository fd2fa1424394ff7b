"""Helpers shared by the tests: import them as ``helpers.book``, ``helpers.browser``, ``helpers.pdf_checks``…"""
