-- Unit names matched by hand and saved for everyone, with who saved them and when.
SELECT a.edition, a.alias, a.unit_code, u.name AS unit_name, a.saved_by, a.saved_at
FROM unit_alias AS a
LEFT JOIN unit AS u ON u.edition = a.edition AND u.code = a.unit_code
ORDER BY a.saved_at DESC, a.alias
