-- The units of the edition in force in a month.
SELECT u.code, u.name, u.type, u.district_name
FROM unit AS u
JOIN edition AS e USING (edition)
WHERE $period BETWEEN coalesce(e.valid_from, DATE '1900-01-01') AND coalesce(e.valid_to, DATE '9999-12-31')
ORDER BY u.district_code, u.code
