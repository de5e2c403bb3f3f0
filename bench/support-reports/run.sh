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

source "$here/../postgres-cluster.sh"
cleanup() {
  postgres_stop
  rm -rf "$work"
}
trap cleanup EXIT
postgres_start
echo "PostgreSQL $postgres_version on 127.0.0.1:$postgres_port; SQLite in $work"

dotnet "$bench_dll" \
  --work "$work" \
  --postgres "$postgres_server" \
  "$@"
