-- Monthly figures of one indicator by district, for the months whose map had districts.
SELECT
    o.period,
    u.district_code,
    any_value(u.district_name) AS district_name,
    sum(o.numerator) AS numerator,
    sum(o.denominator) AS denominator
FROM observation_current AS o
JOIN unit AS u ON u.edition = o.edition AND u.code = o.unit_code
WHERE o.kpi = $kpi AND u.district_code IS NOT NULL
GROUP BY o.period, u.district_code
ORDER BY o.period, u.district_code
