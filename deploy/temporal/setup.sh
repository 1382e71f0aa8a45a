#!/bin/sh
# Once the server answers: the namespace the dialer uses and the search attributes its workflows set
# (libs/contracts/src/search-attributes.ts; docker-compose.yml lists them, test/deployment.spec.ts compares).
# Idempotent. A workflow that sets an unregistered attribute fails its workflow tasks until it exists.
set -eu
: "${TEMPORAL_ADDRESS:?}" "${TEMPORAL_NAMESPACE:?}" "${SEARCH_ATTRIBUTES:?}"
# The CLI against our server, and our namespace (cluster health takes none).
cli() { temporal "$@" --address "$TEMPORAL_ADDRESS"; }
ns() { cli "$@" --namespace "$TEMPORAL_NAMESPACE"; }
retry() { # what, command...
  what=$1
  shift
  for _ in $(seq 30); do "$@" >/dev/null 2>&1 && return 0; sleep 2; done
  echo "Temporal setup: $what still failing after a minute" >&2
  "$@"
}

retry "cluster health" cli operator cluster health
ns operator namespace describe >/dev/null 2>&1 || ns operator namespace create
# A new namespace takes a few seconds to reach the frontend.
retry "listing search attributes" ns operator search-attribute list
existing=$(ns operator search-attribute list)
for attribute in $SEARCH_ATTRIBUTES; do
  name=${attribute%%=*}
  printf '%s\n' "$existing" | grep -qw "$name" && continue
  ns operator search-attribute create --name "$name" --type "${attribute#*=}"
done
echo "Temporal setup: namespace $TEMPORAL_NAMESPACE, search attributes $SEARCH_ATTRIBUTES"
