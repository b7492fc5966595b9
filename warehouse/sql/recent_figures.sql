-- Each unit's mean and spread per indicator over the twelve months before $period (for "unusual jump").
SELECT unit_code, kpi, avg(value) AS mean, stddev_samp(value) AS sd, count(*) AS months
FROM observation_current
WHERE period < $period AND period >= $period - INTERVAL (12) MONTH
GROUP BY unit_code, kpi
