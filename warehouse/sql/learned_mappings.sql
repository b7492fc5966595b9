-- Column mappings saved for everyone, with who saved them and when.
SELECT column_key, kpi, role, saved_by, saved_at
FROM column_mapping
ORDER BY saved_at DESC, column_key
