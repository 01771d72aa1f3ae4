#!/bin/sh
# Run a command in a new network namespace that has only loopback (brought up); where the kernel refuses
# a namespace, run it as it is. `make test` runs the browser tests this way, so every page they open and
# every export they make also proves the app needs no network (tests/browser/test_no_network.py).
for flags in -n -rn; do
  if unshare $flags -- sh -c 'ip link set lo up' >/dev/null 2>&1; then
    exec unshare $flags -- sh -c 'ip link set lo up && exec "$@"' sh "$@"
  fi
done
echo "loopback_only.sh: no network namespace here; running with the machine's network" >&2
exec "$@"
