-- The indicator catalogue in display order.
SELECT kpi, name_vi, name_en, short_vi, short_en, kind, aggregation, direction,
       numerator_vi, numerator_en, denominator_vi, denominator_en
FROM indicator
ORDER BY sort_order
