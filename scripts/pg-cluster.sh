#!/usr/bin/env bash
# A throwaway PostgreSQL 15 primary and, on request, a streaming replica of it, for the tests and the bench. No
# containers: Debian's postgresql-15 (installed with apt-get when missing), clusters made with initdb in a folder of
# the caller's, run as an unprivileged user on free loopback ports, trust authentication on 127.0.0.1 only.
#
#   scripts/pg-cluster.sh start DIR [--replica] [--durable] [--until-exit PID]
#                                                             prints the env lines below and writes them to DIR/env;
#                                                             with --until-exit, the servers are stopped and DIR deleted
#                                                             once process PID has ended, however it ends
#   scripts/pg-cluster.sh stop DIR                            stops both servers (the folder is the caller's to delete)
#   scripts/pg-cluster.sh stop-primary DIR | start-primary DIR  takes the primary away and brings it back on its port
#                                                             (the fault tests: PostgreSQL going away while serving)
#
# DIR/env (quoted for sourcing):  CRM_TEST_PG=<Npgsql connection string of the primary, superuser crm, database postgres>
#           CRM_TEST_PG_REPLICA=<the same for the replica> (with --replica)
# Without --durable the primary skips fsync (tests: a cluster that dies with the run need not survive power cuts);
# the bench passes --durable so that its figures are those of a production setting.
set -euo pipefail

pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    [[ -x "$dir/initdb" ]] && { echo "$dir"; return 0; }
  done
  return 1
}

ensure_installed() {
  if ! pg_bin >/dev/null; then
    echo "pg-cluster: installing postgresql-15 with apt-get" >&2
    local sudo=""
    [[ $(id -u) -ne 0 ]] && sudo="sudo"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql-15 postgresql-client-15 >&2
  fi
}

# initdb refuses to run as root: as root, run the servers as the postgres user that Debian's package creates.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null ||
    echo $((20000 + RANDOM % 20000))
}

wait_ready() {
  local bin=$1 port=$2
  for _ in $(seq 1 150); do
    "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" && return 0
    sleep 0.2
  done
  echo "pg-cluster: server on port $port did not become ready" >&2
  return 1
}

start() {
  local dir=$1; shift
  local replica=0 durable=0 owner=""
  while [[ $# -gt 0 ]]; do
    case $1 in
      --replica) replica=1 ;;
      --durable) durable=1 ;;
      --until-exit) [[ ${2:-} =~ ^[0-9]+$ ]] || { echo "pg-cluster: --until-exit takes a process id" >&2; exit 2; }; owner=$2; shift ;;
      *) echo "pg-cluster: unknown option $1" >&2; exit 2 ;;
    esac
    shift
  done
  ensure_installed
  local bin; bin=$(pg_bin)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
  chmod 700 "$dir"

  local port; port=$(free_port)
  as_owner "$bin/initdb" -D "$dir/primary" -U crm --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  {
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $port"
    echo "unix_socket_directories = '$dir'"
    echo "max_connections = 200"
    echo "shared_buffers = 256MB"
    echo "wal_level = replica"
    echo "max_wal_senders = 4"
    echo "wal_keep_size = 1GB"
    echo "hot_standby = on"
    echo "max_wal_size = 4GB"
    echo "logging_collector = off"
    if [[ $durable -eq 0 ]]; then
      echo "fsync = off"
      echo "synchronous_commit = off"
      echo "full_page_writes = off"
    fi
  } >>"$dir/primary/postgresql.conf"
  echo "host replication crm 127.0.0.1/32 trust" >>"$dir/primary/pg_hba.conf"
  as_owner "$bin/pg_ctl" -D "$dir/primary" -l "$dir/primary.log" -w start >/dev/null
  wait_ready "$bin" "$port"
  echo "CRM_TEST_PG='Host=127.0.0.1;Port=$port;Username=crm;Database=postgres'" >"$dir/env"

  if [[ $replica -eq 1 ]]; then
    local replica_port; replica_port=$(free_port)
    as_owner "$bin/pg_basebackup" -h 127.0.0.1 -p "$port" -U crm -D "$dir/replica" -R -X stream >"$dir/basebackup.log" 2>&1 ||
      { cat "$dir/basebackup.log" >&2; exit 1; }
    {
      echo "port = $replica_port"
      echo "hot_standby_feedback = on"
    } >>"$dir/replica/postgresql.conf"
    as_owner "$bin/pg_ctl" -D "$dir/replica" -l "$dir/replica.log" -w start >/dev/null
    wait_ready "$bin" "$replica_port"
    echo "CRM_TEST_PG_REPLICA='Host=127.0.0.1;Port=$replica_port;Username=crm;Database=postgres'" >>"$dir/env"
  fi
  if [[ -n $owner ]]; then
    # A watcher in its own session, its output away from the caller's pipes: a test host killed at the end of its run
    # never runs its exit handlers, and its cluster would otherwise outlive it.
    setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; "$2" stop "$3"; rm -rf "$3"' \
      pg-cluster-watch "$owner" "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")" "$dir" \
      </dev/null >/dev/null 2>&1 &
  fi
  cat "$dir/env"
}

stop() {
  local dir=$1 bin
  bin=$(pg_bin) || return 0
  for cluster in replica primary; do
    if [[ -f "$dir/$cluster/postmaster.pid" ]]; then
      as_owner "$bin/pg_ctl" -D "$dir/$cluster" -m immediate -w stop >/dev/null 2>&1 || true
    fi
  done
}

primary() {
  local action=$1 dir=$2 bin
  bin=$(pg_bin)
  if [[ $action == stop ]]; then
    as_owner "$bin/pg_ctl" -D "$dir/primary" -m fast -w stop >/dev/null
  else
    as_owner "$bin/pg_ctl" -D "$dir/primary" -l "$dir/primary.log" -w start >/dev/null
  fi
}

case ${1:-} in
  start) shift; [[ $# -ge 1 ]] || { echo "usage: $0 start DIR [--replica] [--durable]" >&2; exit 2; }; start "$@" ;;
  stop) shift; [[ $# -eq 1 ]] || { echo "usage: $0 stop DIR" >&2; exit 2; }; stop "$1" ;;
  stop-primary | start-primary) [[ $# -eq 2 ]] || { echo "usage: $0 $1 DIR" >&2; exit 2; }; primary "${1%-primary}" "$2" ;;
  *) echo "usage: $0 start DIR [--replica] [--durable] | stop DIR | stop-primary DIR | start-primary DIR" >&2; exit 2 ;;
esac
