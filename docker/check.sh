#!/usr/bin/env bash
# The image checked as an engineer would use it (CI runs this after the tests):
#   it reports its version; it runs as a non-root user; it analyses a capture mounted read-only
#   with no network at all; the collector is refused capture without NET_RAW/NET_ADMIN and
#   captures with exactly those two; the HEALTHCHECK answers from a running role.
# Traffic stays on this host: --network none, or the host's loopback.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/docker/podman-env.sh"
img=localhost/vigil:dev
run() { podman run --rm --pull=never --no-healthcheck "$@"; }
fail() { echo "docker/check: FAILED: $*" >&2; exit 1; }
t0=$(date +%s)
[ "${1:-}" = --no-build ] || "$root/docker/build.sh" >"$W/build.log" 2>&1 || { tail -30 "$W/build.log"; fail "image build"; }
echo "docker/check: image built in $(( $(date +%s) - t0 )) s; $(podman image inspect $img --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')"

v="$(run $img --version)"; [[ "$v" == vigil\ * ]] || fail "--version said: $v"
echo "docker/check: --version: $v"

uid="$(run --entrypoint id $img -u)"; [ "$uid" != 0 ] || fail "the image runs as root"
echo "docker/check: runs as uid $uid ($(run --entrypoint id $img -un))"

data="$(mktemp -d)"; trap 'rm -rf "$data"; podman rm -f vigil-check-health >/dev/null 2>&1 || true' EXIT
chmod 0777 "$data"
run --network none -v "$data:/out" $img simulate --scenario port-scan --out /out/scan.pcap >/dev/null
run --network none -v "$data:/data:ro" $img analyze -q /data/scan.pcap > "$data/alerts.jsonl"
grep -q '"type":"port_scan"' "$data/alerts.jsonl" || fail "analyze found no port scan: $(head -c 500 "$data/alerts.jsonl")"
echo "docker/check: analyze on a read-only capture with --network none: $(wc -l < "$data/alerts.jsonl") alert(s), a port scan among them"

capture() { # $@: extra podman options; prints the collector's first word on capture
  local log="$data/capture.log"; : > "$log"
  timeout 90 podman run --rm --pull=never --no-healthcheck --name vigil-check-capture --network host "$@" $img \
    collector --site check --interface lo --metrics-port 0 -q >"$log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 60); do grep -q "capturing on\|permission denied\|vigil: " "$log" && break; sleep 1; done
  podman stop -t 30 vigil-check-capture >/dev/null 2>&1 || true
  wait "$pid" 2>/dev/null || true
  grep -o "capturing on lo\|permission denied" "$log" | head -1
}
[ "$(capture)" = "permission denied" ] || fail "the collector captured without NET_RAW/NET_ADMIN"
[ "$(capture --cap-add NET_RAW,NET_ADMIN)" = "capturing on lo" ] || fail "the collector cannot capture with NET_RAW and NET_ADMIN"
echo "docker/check: capture refused without capabilities, works with --cap-add NET_RAW,NET_ADMIN (host loopback)"

podman run -d --pull=never --name vigil-check-health --network none $img notifier --metrics-port 9464 >/dev/null
ok=""
for _ in $(seq 1 60); do
  if podman healthcheck run vigil-check-health >/dev/null 2>&1; then ok=yes; break; fi
  sleep 2
done
[ -n "$ok" ] || { podman logs vigil-check-health | tail -20; fail "the HEALTHCHECK never answered healthy"; }
echo "docker/check: HEALTHCHECK (vigil health) healthy on a running notifier"
if run --network none $img health --url http://127.0.0.1:9464/health >/dev/null 2>&1; then
  fail "vigil health said healthy with no role running"
fi
echo "docker/check: vigil health says unhealthy (exit 1) when no role answers"
podman rm -f vigil-check-health >/dev/null
deb="$(ls "$root"/modules/dist/target/vigil_*_all.deb 2>/dev/null | head -1)"
if [ -n "$deb" ]; then
  # the gateway package in a fresh Debian: installed with apt (its dependencies from Debian),
  # then run as the user it creates, on the settings it ships
  out="$(podman run --rm --pull=never --no-healthcheck -v "$(dirname "$deb"):/pkg:ro" docker.io/library/debian:bookworm-slim \
    bash -c "set -e; apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /pkg/$(basename "$deb") >/dev/null 2>&1;
      getent passwd vigil; stat -c '%U:%G %a %n' /var/lib/vigil /etc/vigil/collector.yaml;
      runuser -u vigil -- vigil --version;
      runuser -u vigil -- env VIGIL_JAVA_OPTS=-Xmx256m vigil collector --config /etc/vigil/collector.yaml --check >/dev/null;
      runuser -u vigil -- env VIGIL_JAVA_OPTS=-Xmx256m vigil standalone --config /etc/vigil/standalone.yaml --check >/dev/null;
      echo installed-and-checked" 2>&1)" || { echo "$out" | tail -20; fail "the package in a fresh Debian container"; }
  echo "$out" | grep -q installed-and-checked || fail "the package: $out"
  echo "docker/check: $(basename "$deb") installed in a fresh Debian container; as user vigil: --version and --check of both shipped settings pass"
  echo "$out" | grep -E "^vigil:|vigil:vigil|root:vigil" | sed 's/^/docker\/check:   /'
else
  echo "docker/check: no package in modules/dist/target (run mvn package first); package check skipped" >&2
fi
echo "docker/check: all passed in $(( $(date +%s) - t0 )) s"
