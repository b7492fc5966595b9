-- Every target: the province's (edition and unit_code NULL) and units', newest year first.
SELECT kpi, year, edition, unit_code, value, source
FROM target
ORDER BY year DESC, kpi, unit_code NULLS FIRST
