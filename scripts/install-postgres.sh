#!/usr/bin/env bash
# Installs the PostgreSQL server the database tests start a server of their own from (issue 24):
# Debian's build, pinned so every machine tests against the same version (the current one if a
# security update replaced it on the mirrors). `npm start` needs none of it: it runs PGlite.
set -euo pipefail
package="postgresql-15=15.20-0+deb12u1"
found() { ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; }
if found; then
  echo "PostgreSQL for the database tests: $(/usr/lib/postgresql/*/bin/postgres --version | tail -n 1)"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "PostgreSQL is missing and installing it needs root: run 'sudo apt-get install ${package}'." >&2
  exit 1
fi
echo "Installing Debian's PostgreSQL server for the database tests..."
apt-get update -qq
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package" >/dev/null; then
  echo "the pinned build ($package) is gone from the mirrors; installing the current one" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${package%%=*}" >/dev/null
fi
# The package starts a cluster of its own as a service where it can; the tests never use it.
if command -v pg_ctlcluster >/dev/null; then
  pg_ctlcluster --force 15 main stop >/dev/null 2>&1 || true
fi
found || { echo "PostgreSQL's programs are still missing after the install" >&2; exit 1; }
echo "PostgreSQL for the database tests: $(/usr/lib/postgresql/*/bin/postgres --version | tail -n 1)"
