#!/bin/sh
# The schemas of persistence and SQL visibility, as scripts/temporal-cluster.sh sets them up: each database
# given its base schema when it is created, then brought to the module's version; and the project's database.
set -eu
S="temporal-sql-tool --plugin postgres12 --ep ${POSTGRES_HOST:-postgresql} -p 5432 -u temporal --pw ${POSTGRES_PASSWORD:-temporal}"
for pair in temporal:temporal temporal_visibility:visibility; do
  db=${pair%%:*}
  if $S --db "$db" create-database; then $S --db "$db" setup-schema -v 0.0; fi
  $S --db "$db" update-schema --schema-name "postgresql/v12/${pair#*:}"
done
$S --db mobility create-database || true
