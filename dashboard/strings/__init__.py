"""The dashboard's strings in English and Bahasa Indonesia, one module per area of the UI.

Each module holds `STRINGS: {key: (English, Bahasa Indonesia)}`; `dashboard.i18n` merges them into one
catalogue and is the only lookup (`t`). Add a string to the module of the page that shows it (strings
several pages share go to `shell` or `series`).
"""
