#!/usr/bin/env bash
# Mixed load on one running instance of the web app, on loopback: 2,000 behaviour events/s through the ingestion API,
# 200 recommendation requests/s, tickets pushed to 20 agents connected to the live hub, and an operator's page in
# headless Chromium, beside GET /health at the same rate in the same run.
# Usage: bench/load/run.sh [--smoke] [--duration 180] [other benchmark options]
#        bench/load/run.sh --provider postgresql [...]   (starts a throw-away PostgreSQL cluster first)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
configuration=Release

echo "Building ($configuration)..."
dotnet build "$here/OpsConsole.Bench.Load.csproj" -c "$configuration" -nologo -v quiet -clp:ErrorsOnly
bench_dll="$here/bin/$configuration/net10.0/OpsConsole.Bench.Load.dll"

work="$(mktemp -d -t opsconsole-bench-load.XXXXXX)"
pgdata="$work/pg"
started=0
as_pg=()
find_pg_tool() {
  command -v "$1" 2>/dev/null && return
  ls -d /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1
}
cleanup() {
  if [[ $started == 1 ]]; then
    "${as_pg[@]}" "$(find_pg_tool pg_ctl)" -D "$pgdata" -m fast -w stop >/dev/null 2>&1 || true
  fi
  # The app's log outlives the run: it is where an error's cause is found.
  if [[ -f "$work/web.log" ]]; then
    cp "$work/web.log" "$here/.last-web.log" && echo "The app's log is kept in bench/load/.last-web.log."
  fi
  rm -rf "$work"
}
trap cleanup EXIT

extra=()
if [[ " $* " == *" --provider postgresql "* && " $* " != *" --postgres "* ]]; then
  initdb="$(find_pg_tool initdb)"
  pg_ctl="$(find_pg_tool pg_ctl)"
  if [[ -z "$initdb" || -z "$pg_ctl" ]]; then
    echo "PostgreSQL server tools (initdb, pg_ctl) not found." >&2
    exit 1
  fi
  # PostgreSQL refuses to run as root: run the cluster as the postgres user then.
  if [[ "$(id -u)" == 0 ]]; then
    chown postgres:postgres "$work"
    as_pg=(runuser -u postgres --)
  fi
  port=""
  for _ in $(seq 1 200); do
    candidate=$((20000 + RANDOM % 40000))
    if ! ss -Hltn "sport = :$candidate" | grep -q .; then port=$candidate; break; fi
  done
  [[ -n "$port" ]] || { echo "no free port found" >&2; exit 1; }
  # initdb's defaults (128 MB shared buffers, durable commits), as the other benchmarks run it.
  "${as_pg[@]}" "$initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
  "${as_pg[@]}" "$pg_ctl" -D "$pgdata" -l "$work/pg.log" -w -t 60 \
    -o "-p $port -k $work -c listen_addresses=127.0.0.1" start >/dev/null
  started=1
  echo "PostgreSQL $("${as_pg[@]}" "$pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$port"
  # The app's pool stays below the server's 100 connection slots, as the README's deployment section asks.
  extra=(--postgres "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Maximum Pool Size=${OPSCONSOLE_BENCH_PG_POOL:-40}")
fi

# The app runs as published, as it is deployed: from the build output outside Development its pages would get no
# static assets (scripts, styles), and the operator's page would never become interactive.
echo "Publishing the web app..."
dotnet publish "$root/src/OpsConsole.Web" -c "$configuration" --no-build -o "$work/app" -nologo -v quiet -clp:ErrorsOnly
web_dll="$work/app/OpsConsole.Web.dll"

dotnet "$bench_dll" --work "$work" --web-app "$web_dll" "${extra[@]}" "$@"
