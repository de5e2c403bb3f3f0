#!/usr/bin/env bash
# Behaviour analytics benchmark: OpsConsole's retention, funnels, paths and learners list against the same questions in
# hand-written (or plain) SQL through sqlite3 and psql, on SQLite and a throw-away PostgreSQL 15.
# Usage: bench/analytics/run.sh [extra benchmark options, e.g. --runs 7 or --providers sqlite]
# The generated SQLite platforms are kept in bench/analytics/.cache (or $OPSCONSOLE_BENCH_CACHE) between runs.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
configuration=Release
cache="${OPSCONSOLE_BENCH_CACHE:-$here/.cache}"

echo "Building ($configuration)..."
dotnet build "$here/OpsConsole.Bench.Analytics.csproj" -c "$configuration" -nologo -v quiet -clp:ErrorsOnly
bench_dll="$here/bin/$configuration/net10.0/OpsConsole.Bench.Analytics.dll"

source "$here/../postgres-cluster.sh"
trap postgres_stop EXIT
postgres_start
echo "PostgreSQL $postgres_version on 127.0.0.1:$postgres_port; SQLite cache in $cache"

dotnet "$bench_dll" \
  --cache "$cache" \
  --postgres "$postgres_server" \
  "$@"
