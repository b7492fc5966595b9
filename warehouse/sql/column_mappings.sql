-- Column mappings an analyst made by hand: the figure a column of that shape holds.
SELECT column_key, kpi, role
FROM column_mapping
ORDER BY ALL
