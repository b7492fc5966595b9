"""Exports: charts and maps as print-ready images, their data as CSV and XLSX, and briefing packs.

`python -m reports chart ...` and `python -m reports briefing ...` (see `reports/__main__.py`) use the same
code as the dashboard's download buttons: `reports.figures` builds the pages' charts from a warehouse
connection, `dashboard.images` renders them offline on the local Chromium, `dashboard.tables` writes the data.
"""
