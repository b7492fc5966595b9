-- Months that have at least one current figure, newest first.
SELECT period
FROM month_summary
WHERE figures > 0
ORDER BY period DESC
