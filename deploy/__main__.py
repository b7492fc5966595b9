"""python -m deploy: K app processes of the dashboard behind nginx on this machine, until Ctrl-C or SIGTERM.

    python -m deploy --processes 2 --listen 0.0.0.0:8080 --db data/warehouse.duckdb [--folder run/]

All processes read one warehouse; loads go through `python -m etl load` or the upload page while they
serve. nginx runs as the calling user with its configuration, pid file, logs and temporary files in
`--folder` (default run/serve/).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from deploy import REPO, ServerError, serving, wait_until_stopped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy", description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=2, help="app processes (default 2; one a core)")
    parser.add_argument("--listen", default="0.0.0.0:8080", help="nginx's address:port (default 0.0.0.0:8080)")
    parser.add_argument(
        "--db", default=None, help="the warehouse: a file or ducklake:postgres:<libpq string> (default $DX_WAREHOUSE)"
    )
    parser.add_argument("--folder", type=Path, default=REPO / "run" / "serve", help="logs and nginx's files")
    args = parser.parse_args(argv)
    from warehouse import Lake, resolve

    where = resolve(args.db)
    warehouse = where.address if isinstance(where, Lake) else where.resolve()
    args.folder.mkdir(parents=True, exist_ok=True)
    try:
        with serving(warehouse, args.processes, args.folder.resolve(), listen=args.listen) as served:
            print(f"{args.processes} app processes ({', '.join(map(str, served.apps))}) behind nginx on {args.listen}")
            print(f"warehouse {where}; logs in {args.folder}; Ctrl-C stops them all", flush=True)
            wait_until_stopped()
    except ServerError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
