-- The guest-book source's state, locked until the transaction records the new one (collector/inlislite/store.py).
SELECT state FROM library_visit_source WHERE source = %s FOR UPDATE;
