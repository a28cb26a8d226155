#!/usr/bin/env bash
# Runs a command with no network at all: in a new network namespace where only loopback is up
# (Jupyter kernels and the browser check talk over 127.0.0.1). Proves that building and testing
# download nothing. HZ_ONLINE=1 runs the command as it is, for machines without namespaces.
set -euo pipefail
if [ "${HZ_ONLINE:-0}" = 1 ]; then
  exec "$@"
fi
if ! unshare -rn true 2>/dev/null; then
  echo "offline: cannot create a network namespace (unshare -rn failed): run as root, enable" \
       "unprivileged user namespaces, or set HZ_ONLINE=1 to run with the network" >&2
  exit 2
fi
exec unshare -rn sh -c 'ip link set lo up && HZ_OFFLINE=1 exec "$@"' offline "$@"
