"""Every user-facing string of the dashboard and the monthly report, in English and Bahasa Indonesia,
one module per area.

Each module holds `STRINGS: {key: (English, Bahasa Indonesia)}`. The pages' modules are merged by
`dashboard.i18n` into one catalogue, looked up with its `t`; add a string to the module of the page
that shows it (strings several pages share go to `shell` or `series`). The monthly report's
(`monthly_report*.py`: the report, its sheet names and definitions, its optional sections) are merged
by `dashboard/reports/texts.py`, looked up with its `t`.
"""
