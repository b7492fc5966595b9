-- Unit names an analyst matched by hand, per edition.
SELECT edition, alias, unit_code
FROM unit_alias
ORDER BY edition, alias
