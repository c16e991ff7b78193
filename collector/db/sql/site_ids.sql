-- Every site's id by name (collector/inlislite/store.py).
SELECT id, name FROM site;
