#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on loopback for the team-mode tests and print the
# URL the tests take from FRAGMENT_TEST_POSTGRES_URL. Installs Debian's server if missing.
# `bash .ci/postgres.sh stop` stops that server again (.ci/run does so on exit when it was
# the one that started it).
set -euo pipefail
if [ "${1:-}" = "stop" ]; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
  pg_ctlcluster "$version" main stop >&2 || true
  exit 0
fi
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
  pg_createcluster "$version" main >&2
fi
pg_ctlcluster "$version" main start >&2 2>/dev/null || true
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 && break
  sleep 1
done
su postgres -c "psql -q -tAc \"SELECT 1 FROM pg_roles WHERE rolname='fragment_test'\"" | grep -q 1 \
  || su postgres -c "psql -q -c \"CREATE ROLE fragment_test LOGIN CREATEDB PASSWORD 'fragment_test'\"" >&2
echo "postgresql+psycopg://fragment_test:fragment_test@127.0.0.1:5432/postgres"
