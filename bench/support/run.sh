#!/usr/bin/env bash
# Support desk push benchmark: tickets opened through POST /api/v1/tickets while 20 agents are connected to the live
# hub, timed from just before each POST to the moment the assigned agent's client receives TicketAssigned, beside a
# plain hub echo over the same connections at the same rate, in the same run.
# Usage: bench/support/run.sh [extra benchmark options, e.g. --tickets 2000 --rate 30]
#        bench/support/run.sh --provider postgresql [...]   (starts a throw-away PostgreSQL cluster first)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
configuration=Release

echo "Building ($configuration)..."
dotnet build "$here/OpsConsole.Bench.Support.csproj" -c "$configuration" -nologo -v quiet -clp:ErrorsOnly
bench_dll="$here/bin/$configuration/net10.0/OpsConsole.Bench.Support.dll"

work="$(mktemp -d -t opsconsole-bench-support.XXXXXX)"
source "$here/../postgres-cluster.sh"
cleanup() {
  postgres_stop
  rm -rf "$work"
}
trap cleanup EXIT

extra=()
if [[ " $* " == *" --provider postgresql "* && " $* " != *" --postgres "* ]]; then
  postgres_start
  echo "PostgreSQL $postgres_version on 127.0.0.1:$postgres_port"
  extra=(--postgres "$postgres_server")
fi

# The app's content root is the web project, as when it is started from the repository.
cd "$here/../../src/OpsConsole.Web"
dotnet "$bench_dll" --work "$work" "${extra[@]}" "$@"
