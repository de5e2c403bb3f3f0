#!/usr/bin/env bash
# Ingestion benchmark: OpsConsole's API vs. each database's own bulk loader, on SQLite and a throw-away PostgreSQL 15.
# Usage: bench/ingest/run.sh [extra benchmark options, e.g. --batch 5000 or --sweep 1000,5000,10000,25000]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
configuration=Release

echo "Building ($configuration)..."
dotnet build "$here/OpsConsole.Bench.Ingest.csproj" -c "$configuration" -nologo -v quiet -clp:ErrorsOnly
bench_dll="$here/bin/$configuration/net10.0/OpsConsole.Bench.Ingest.dll"
web_dll="$root/src/OpsConsole.Web/bin/$configuration/net10.0/OpsConsole.Web.dll"

work="$(mktemp -d -t opsconsole-bench.XXXXXX)"
source "$here/../postgres-cluster.sh"
cleanup() {
  postgres_stop
  rm -rf "$work"
}
trap cleanup EXIT
postgres_start
echo "PostgreSQL $postgres_version on 127.0.0.1:$postgres_port; work files in $work"

dotnet "$bench_dll" \
  --work "$work" \
  --web-app "$web_dll" \
  --postgres "$postgres_server" \
  "$@"
