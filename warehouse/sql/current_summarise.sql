-- Figures and sample figures per month, for the months given (all with a NULL list), counted again.
DELETE FROM month_summary WHERE $periods IS NULL OR list_contains($periods, period);

INSERT INTO month_summary (period, figures, sample_figures)
SELECT period, count(*), count(*) FILTER (WHERE is_sample)
FROM figure_current
WHERE $periods IS NULL OR list_contains($periods, period)
GROUP BY period
