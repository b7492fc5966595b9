-- Province and district totals of the months given (all with a NULL list), computed again from the
-- current figures under the missing-report rule (the macro behind the view area_figures_live).
DELETE FROM area_month WHERE $periods IS NULL OR list_contains($periods, period);

INSERT INTO area_month
SELECT period, kpi, whole_province, district_code, district_name, numerator, denominator, value,
       units_expected, units_reported, units_carried, complete
FROM area_figures_of($periods)
