# Sourced by the benchmarks' run.sh scripts: a throw-away PostgreSQL cluster on a free loopback port, with initdb's
# defaults (128 MB shared buffers, 4 MB work_mem, durable commits), so every benchmark compares on the same server.
# PostgreSQL refuses to run as root; as root the cluster runs as the postgres user.
#   postgres_start   starts it in a fresh temporary folder and sets postgres_port, postgres_version and
#                    postgres_server (a connection string to its "postgres" database)
#   postgres_stop    stops it and removes the folder; harmless when it never started, so it can sit in an EXIT trap

_pg_root=""
_pg_as=()
postgres_port=""
postgres_version=""
postgres_server=""

_pg_tool() {
  command -v "$1" 2>/dev/null && return
  ls -d /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1
}

postgres_start() {
  local initdb pg_ctl candidate
  initdb="$(_pg_tool initdb)"
  pg_ctl="$(_pg_tool pg_ctl)"
  if [[ -z "$initdb" || -z "$pg_ctl" ]]; then
    echo "PostgreSQL server tools (initdb, pg_ctl) not found." >&2
    return 1
  fi
  _pg_root="$(mktemp -d -t opsconsole-bench-pg.XXXXXX)"
  if [[ "$(id -u)" == 0 ]]; then
    chown postgres:postgres "$_pg_root"
    _pg_as=(runuser -u postgres --)
  fi
  for _ in $(seq 1 200); do
    candidate=$((20000 + RANDOM % 40000))
    if ! ss -Hltn "sport = :$candidate" | grep -q .; then postgres_port=$candidate; break; fi
  done
  [[ -n "$postgres_port" ]] || { echo "no free port found" >&2; return 1; }
  "${_pg_as[@]}" "$initdb" -D "$_pg_root/data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
  "${_pg_as[@]}" "$pg_ctl" -D "$_pg_root/data" -l "$_pg_root/server.log" -w -t 60 \
    -o "-p $postgres_port -k $_pg_root -c listen_addresses=127.0.0.1" start >/dev/null
  postgres_version="$("$pg_ctl" --version | awk '{print $3}')"
  postgres_server="Host=127.0.0.1;Port=$postgres_port;Username=postgres;Database=postgres"
}

postgres_stop() {
  [[ -n "$_pg_root" ]] || return 0
  if [[ -f "$_pg_root/data/postmaster.pid" ]]; then
    "${_pg_as[@]}" "$(_pg_tool pg_ctl)" -D "$_pg_root/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$_pg_root"
}
