#!/usr/bin/env bash
# Make the PostgreSQL server binaries available for the store tests (tests/pgserver.py).
# Installs the Debian/Ubuntu "postgresql" package only when no server is installed yet; the
# tests start their own private server from these binaries, so no service is enabled here.
set -euo pipefail

if compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null; then
  echo "PostgreSQL binaries present: $(ls -d /usr/lib/postgresql/*/bin | tail -n 1)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends postgresql
# The package may start a cluster service; the tests do not need it.
if command -v pg_ctlcluster > /dev/null 2>&1; then
  for cluster in /etc/postgresql/*/main; do
    [ -d "$cluster" ] || continue
    version=$(basename "$(dirname "$cluster")")
    $SUDO pg_ctlcluster "$version" main stop || true
  done
fi
ls -d /usr/lib/postgresql/*/bin
