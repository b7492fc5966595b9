-- How many units the edition in force in a month has.
SELECT e.edition, count(u.code) AS unit_count
FROM edition AS e
JOIN unit AS u USING (edition)
WHERE $period BETWEEN coalesce(e.valid_from, DATE '1900-01-01') AND coalesce(e.valid_to, DATE '9999-12-31')
GROUP BY e.edition
