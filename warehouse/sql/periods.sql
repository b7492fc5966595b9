-- Months that have at least one current figure, newest first.
SELECT DISTINCT period
FROM observation_current
ORDER BY period DESC
