#!/usr/bin/env bash
# Support reports benchmark: the support desk's reports over 100,000 generated tickets, each beside a plain COUNT of the
# rows it reads, on SQLite and a throw-away PostgreSQL 15.
# Usage: bench/support-reports/run.sh [extra benchmark options, e.g. --runs 7, --tickets 200000 or --providers sqlite]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
configuration=Release
work="$(mktemp -d -t opsconsole-bench-support.XXXXXX)"

echo "Building ($configuration)..."
dotnet build "$here/OpsConsole.Bench.SupportReports.csproj" -c "$configuration" -nologo -v quiet -clp:ErrorsOnly
bench_dll="$here/bin/$configuration/net10.0/OpsConsole.Bench.SupportReports.dll"

pgroot="$(mktemp -d -t opsconsole-bench-support-pg.XXXXXX)"
pgdata="$pgroot/data"

find_pg_tool() {
  command -v "$1" 2>/dev/null && return
  ls -d /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1
}
initdb="$(find_pg_tool initdb)"
pg_ctl="$(find_pg_tool pg_ctl)"
if [[ -z "$initdb" || -z "$pg_ctl" ]]; then
  echo "PostgreSQL server tools (initdb, pg_ctl) not found." >&2
  exit 1
fi

# PostgreSQL refuses to run as root: run the cluster as the postgres user then.
as_pg=()
if [[ "$(id -u)" == 0 ]]; then
  chown postgres:postgres "$pgroot"
  as_pg=(runuser -u postgres --)
fi

started=0
cleanup() {
  if [[ $started == 1 ]]; then
    "${as_pg[@]}" "$pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$pgroot" "$work"
}
trap cleanup EXIT

free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 40000))
    if ! ss -Hltn "sport = :$port" | grep -q .; then
      echo "$port"
      return
    fi
  done
  echo "no free port found" >&2
  return 1
}
port="$(free_port)"

# initdb's defaults (128 MB shared buffers, 4 MB work_mem): both sides of every comparison run on the same server.
"${as_pg[@]}" "$initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
"${as_pg[@]}" "$pg_ctl" -D "$pgdata" -l "$pgroot/server.log" -w -t 60 \
  -o "-p $port -k $pgroot -c listen_addresses=127.0.0.1" start >/dev/null
started=1
echo "PostgreSQL $("${as_pg[@]}" "$pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$port; SQLite in $work"

dotnet "$bench_dll" \
  --work "$work" \
  --postgres "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres" \
  "$@"
