#!/bin/bash
# The evidence ring's cost on live capture (BENCHMARKS.md): tcpreplay sends the bench capture
# into one end of a veth pair, the collector's capture path reads the other, ring off and on.
# Everything happens in a network namespace made here and removed on exit: the packets never
# reach a real interface. Needs root, tcpreplay and libpcap0.8.
#   bench/ring-live.sh [--runs 5] [--pps 0]
set -euo pipefail
cd "$(dirname "$0")/.."
NS=vigil-ring-bench
command -v tcpreplay >/dev/null || { echo "ring-live: tcpreplay is not installed (apt-get install -y tcpreplay)" >&2; exit 2; }
cleanup() { ip netns del "$NS" 2>/dev/null || true; }
trap cleanup EXIT
cleanup
ip netns add "$NS"
ip -n "$NS" link add vr0 type veth peer name vr1
ip -n "$NS" link set vr0 up
ip -n "$NS" link set vr1 up
# no addresses, no routes: what arrives on vr0 is captured and then dropped by the kernel
bin/vigil --version >/dev/null   # builds the jar if the sources changed, outside the namespace
ip netns exec "$NS" java -Xmx4g -jar modules/dist/target/vigil.jar bench ring-live --interface vr0 --sender vr1 "$@"
