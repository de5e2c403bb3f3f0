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
source "$here/../postgres-cluster.sh"
cleanup() {
  postgres_stop
  # The app's log outlives the run: it is where an error's cause is found.
  if [[ -f "$work/web.log" ]]; then
    cp "$work/web.log" "$here/.last-web.log" && echo "The app's log is kept in bench/load/.last-web.log."
  fi
  rm -rf "$work"
}
trap cleanup EXIT

extra=()
if [[ " $* " == *" --provider postgresql "* && " $* " != *" --postgres "* ]]; then
  postgres_start
  echo "PostgreSQL $postgres_version on 127.0.0.1:$postgres_port"
  # The app's pool stays below the server's 100 connection slots, as the README's deployment section asks.
  extra=(--postgres "$postgres_server;Maximum Pool Size=${OPSCONSOLE_BENCH_PG_POOL:-40}")
fi

# The app runs as published, as it is deployed: from the build output outside Development its pages would get no
# static assets (scripts, styles), and the operator's page would never become interactive.
echo "Publishing the web app..."
dotnet publish "$root/src/OpsConsole.Web" -c "$configuration" --no-build -o "$work/app" -nologo -v quiet -clp:ErrorsOnly
web_dll="$work/app/OpsConsole.Web.dll"

dotnet "$bench_dll" --work "$work" --web-app "$web_dll" "${extra[@]}" "$@"
