"""Open data: a municipality's public tables as CSV, JSON and one XLSX workbook, their data
dictionary, and the IRM-shaped export of its commitments (issue 13).

Nothing here decides what is public: every table is a kind of
:mod:`tracker.disclosure.rules`, with exactly its rows and fields, so the files say what the
public site shows. The same files are served on the public site (``/p/<slug>/data/``) and to
logged-in members through the API (``/api/v1/export/<file>``) whatever the site's setting.
"""
