#!/usr/bin/env bash
# The laptop trial run here with podman-compose (CI runs it after docker/check.sh, which builds
# localhost/vigil:dev): up, wait for the port scan's notice at the HTTPS receiver, then down.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/docker/podman-env.sh"
project=vigil-trial
t0=$(date +%s)
podman image exists localhost/vigil:dev || "$root/docker/build.sh" >"$W/build.log" 2>&1
podman build --pull=never --format docker -f "$root/docker/compose/receiver.Dockerfile" \
  -t localhost/vigil-trial-receiver:dev "$root/docker/compose" >"$W/receiver-build.log" 2>&1
cd "$root/docker"
down() {
  podman-compose -p "$project" -f compose.yml down >/dev/null 2>&1 || true
  podman volume rm -f "${project}_tls" >/dev/null 2>&1 || true
  podman network rm -f "${project}_default" >/dev/null 2>&1 || true   # podman-compose 1.0.3 leaves it
}
down
trap down EXIT
podman-compose -p "$project" -f compose.yml up -d >"$W/compose-up.log" 2>&1
receiver="${project}_receiver_1"
for _ in $(seq 1 120); do
  if podman logs "$receiver" 2>/dev/null | grep -q '"type": "port_scan"'; then found=yes; break; fi
  sleep 2
done
if [ -z "${found:-}" ]; then
  for s in certs broker topics detector notifier receiver collector; do
    echo "== $s"; podman logs --tail 15 "${project}_${s}_1" 2>&1 | cut -c1-300
  done
  echo "docker/compose-check: FAILED: no port scan reached the receiver in 240 s" >&2
  exit 1
fi
echo "docker/compose-check: the port scan reached the HTTPS receiver $(( $(date +%s) - t0 )) s after up (broker, detector, notifier, collector over TLS):"
podman logs "$receiver" 2>/dev/null | grep '"event"' | sed 's/^/docker\/compose-check:   /' | head -5
