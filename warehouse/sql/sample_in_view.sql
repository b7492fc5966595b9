-- Whether any current figure of the month (or of the whole warehouse, with a NULL month) is sample data.
SELECT coalesce(bool_or(is_sample), false) AS is_sample
FROM observation_revision
WHERE newest_first = 1 AND ($period IS NULL OR period = $period)
