-- How many units each edition of the map has.
SELECT edition, count(*) AS units
FROM unit
GROUP BY edition
ORDER BY edition
