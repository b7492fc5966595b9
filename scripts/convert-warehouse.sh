#!/usr/bin/env bash
# Once per warehouse file written by DuckDB 2.0 (this project pinned 2.0.0 until issue 14): rewrites it in
# the storage format DuckDB 1.5 reads (the pin moved to 1.5.5 with the DuckLake extension wheels, which
# exist for 1.5.5 only). The original is kept beside it as FILE.duckdb2. DuckDB 2.0.0 is fetched once by uv
# into its cache for this conversion; nothing else is installed.
# Usage: scripts/convert-warehouse.sh data/warehouse.duckdb
set -euo pipefail
file="${1:?usage: scripts/convert-warehouse.sh FILE.duckdb}"
[ -f "$file" ] || { echo "No such file: $file" >&2; exit 2; }
[ -e "$file.duckdb2" ] && { echo "$file.duckdb2 already exists: was $file converted before?" >&2; exit 2; }
uv="$(dirname "$0")/../.venv/bin/uv"
[ -x "$uv" ] || uv=uv
"$uv" run --quiet --no-project --with duckdb==2.0.0 python - "$file" <<'PY'
import os, sys
import duckdb
source = sys.argv[1]
converted = source + ".converting"
if os.path.exists(converted):
    os.remove(converted)
con = duckdb.connect()
con.execute(f"ATTACH '{source}' AS source (READ_ONLY)")
con.execute(f"ATTACH '{converted}' AS converted (STORAGE_VERSION 'v1.5.0')")
con.execute("COPY FROM DATABASE source TO converted")
con.close()
os.replace(source, source + ".duckdb2")
os.replace(converted, source)
print(f"{source}: converted for DuckDB 1.5 (the original is {source}.duckdb2)")
PY
