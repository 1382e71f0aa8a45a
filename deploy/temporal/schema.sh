#!/bin/sh
# Creates Temporal's two databases on the dialer's PostgreSQL, or brings their schema up to this image's
# version: safe on every start, and the step an upgrade of the Temporal images runs first.
# temporal-sql-tool reads the connection from SQL_PLUGIN, SQL_HOST, SQL_PORT, SQL_USER and SQL_PASSWORD;
# TEMPORAL_SCHEMA_DIR is where the schema files are (the admin-tools image's, or scripts/infra.sh's copy).
set -eu
schema=${TEMPORAL_SCHEMA_DIR:-/etc/temporal/schema}
for store in temporal visibility; do
  database=temporal
  [ "$store" = temporal ] || database=temporal_visibility
  temporal-sql-tool --db "$database" create
  temporal-sql-tool --db "$database" setup-schema -v 0.0
  temporal-sql-tool --db "$database" update-schema -d "$schema/postgresql/v12/$store/versioned"
done
