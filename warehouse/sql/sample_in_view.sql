-- Whether any current figure of the month (or of the whole warehouse, with a NULL month) is sample data.
SELECT coalesce(sum(sample_figures) > 0, false) AS is_sample
FROM month_summary
WHERE $period IS NULL OR period = $period
