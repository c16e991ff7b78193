"""Monthly management reports: a report model built from the analytics query
layer, rendered to PDF (reportlab + matplotlib vector charts), XLSX (openpyxl)
and CSV, in Bahasa Indonesia and English, stored and e-mailed.

Modules: `model` (the report model), `builder` (query layer
-> model), `texts` (both languages, number formats), `charts`, `pdf`, `xlsx`,
`csvout`, `store` (generated reports table), `mailer` (SMTP), `deliver`
(the scheduled run), `cli` (`python -m dashboard report`); months come from `dashboard/periods.py`.
"""
