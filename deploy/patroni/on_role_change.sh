#!/bin/sh
# Patroni calls this as "on_role_change <role> <scope>". A new primary closes its first WAL
# segment at once, so the backup site has the old timeline's tail within seconds (otherwise
# it waits for archive_timeout, and a site lost meanwhile loses it).
case "$2" in master|primary) ;; *) exit 0 ;; esac
for _ in $(seq 1 60); do
  if [ "$(psql -qAtc 'SELECT pg_is_in_recovery()' 2>/dev/null)" = f ]; then
    psql -qAtc 'SELECT pg_switch_wal()' >/dev/null 2>&1
    exit 0
  fi
  sleep 0.5
done
