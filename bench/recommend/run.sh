#!/usr/bin/env bash
# Recommendation serving benchmark: GET /api/v1/recommendations/{learnerId} on the real web app under 200 concurrent
# clients, beside the same server's /health measured the same way in the same run.
# Usage: bench/recommend/run.sh [extra benchmark options, e.g. --seconds 30 or --rounds 3]
# The generated SQLite platform is kept in bench/recommend/.cache (or $OPSCONSOLE_BENCH_CACHE) between runs.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
configuration=Release
cache="${OPSCONSOLE_BENCH_CACHE:-$here/.cache}"

echo "Building ($configuration)..."
dotnet build "$here/OpsConsole.Bench.Recommend.csproj" -c "$configuration" -nologo -v quiet -clp:ErrorsOnly
bench_dll="$here/bin/$configuration/net10.0/OpsConsole.Bench.Recommend.dll"
web_dll="$root/src/OpsConsole.Web/bin/$configuration/net10.0/OpsConsole.Web.dll"

work="$(mktemp -d -t opsconsole-bench-recs.XXXXXX)"
cleanup() {
  rm -rf "$work"
}
trap cleanup EXIT

dotnet "$bench_dll" --cache "$cache" --work "$work" --web-app "$web_dll" "$@"
