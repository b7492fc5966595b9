-- Every kept table emptied, to be filled again month by month (warehouse/current.py): the current figures
-- by current_rank.sql, then the units' figures and the area totals, so that no month of an earlier
-- computation stays behind.
DELETE FROM unit_month;

DELETE FROM unit_reporting;

DELETE FROM area_month;

DELETE FROM figure_current
