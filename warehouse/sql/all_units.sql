-- The units of every edition, for recognising what a report names.
SELECT edition, code, name, type, district_code, district_name
FROM unit
ORDER BY edition, code
