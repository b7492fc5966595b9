-- The units of an edition with their place on the hexagon map.
SELECT code, name, type, district_code, district_name, lat, lon, hex_col, hex_row
FROM unit
WHERE edition = $edition
ORDER BY code
