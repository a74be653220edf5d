#!/usr/bin/env bash
# The collector that is alive but blind, with real traffic: `vigil standalone` captures one end of a veth pair
# between two network namespaces made here while a client fetches pages across it with curl; then the traffic
# stops and the far end's link goes down, as when a mirror port is moved in a switch change. The collector keeps
# beating; `collector_silent` ("seen no packets") must reach the webhook within collector-no-traffic-after
# (set to 1 minute here), and end once the link and the traffic are back. About 5 minutes. Needs root and: curl
# python3. Network hygiene: the two namespaces and the veth between them only; removed at the end.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
here="$root/bench/trial"
out="${1:-$root/target/no-traffic-trial}"
S=vq-site O=vq-out trial_name=no-traffic-trial
. "$here/netns.sh"
trial_needs curl:curl
rm -rf "$out"/{kafka,state,spool,hook.jsonl,standalone.log}

netns_pair veth-qsite veth-qout
ip -n $S addr add 10.97.0.10/24 dev veth-qsite
ip -n $O addr add 10.97.0.1/24 dev veth-qout
in_o timeout 600 $PY -m http.server 8080 --bind 10.97.0.1 --directory "$here" >/dev/null 2>&1 &
in_s timeout 600 $PY "$here/hook.py" 18080 "$out/hook.jsonl" &

cat >"$out/standalone.yaml" <<YAML
broker: {dir: $out/kafka, port: 19092, controller-port: 19093}
metrics: {port: 19464}
collector:
  site: lab
  internal: [10.97.0.0/24]
  capture: {interface: veth-qsite}
  spool: {dir: $out/spool}
detector:
  state-dir: $out/state
  collector-no-traffic-after: 1m
notifier:
  channels:
    hook: {type: webhook, url: 'http://127.0.0.1:18080/hook', allow-http: true}
YAML
"$root/bin/vigil" --version >/dev/null   # builds the jar outside the namespace's time budget if needed
in_s timeout 600 "$root/bin/vigil" standalone --config "$out/standalone.yaml" >"$out/standalone.log" 2>&1 &
for _ in $(seq 120); do grep -q "Ctrl-C to stop" "$out/standalone.log" && break; sleep 1; done
grep -q "Ctrl-C to stop" "$out/standalone.log" || { cat "$out/standalone.log"; echo "no-traffic-trial: standalone did not start" >&2; exit 1; }

browse() { while :; do in_s curl -s -o /dev/null --max-time 2 http://10.97.0.1:8080/hook.py || true; sleep 2; done; }
mark traffic
browse & browser=$!
sleep 90
mark cut
kill $browser; wait $browser 2>/dev/null || true
ip -n $O link set veth-qout down
for _ in $(seq 180); do grep -q '"collector_silent"' "$out/hook.jsonl" 2>/dev/null && break; sleep 1; done
mark health
in_s curl -s http://127.0.0.1:19464/health >"$out/health.json" || true
sleep 20
mark restored
ip -n $O link set veth-qout up
browse & browser=$!
for _ in $(seq 120); do grep -q '"event":"ended"' "$out/hook.jsonl" 2>/dev/null && break; sleep 1; done
sleep 5
kill $browser; wait $browser 2>/dev/null || true
mark end
$PY - "$out" <<'PY'
import json, sys
out = sys.argv[1]
steps = {l.split()[0]: int(l.split()[1]) for l in open(out + "/steps.txt")}
hooks = []
for line in open(out + "/hook.jsonl"):
    at, body = line.split(" ", 1)
    hooks.append((int(at), json.loads(body)))
def alert(o): return o.get("alert", o)
silent = [(at, o.get("event"), alert(o)) for at, o in hooks if alert(o).get("type") == "collector_silent"]
others = sorted({alert(o).get("type") for at, o in hooks} - {"collector_silent"})
print("| notice | summary | delivered, seconds after the cut |")
print("|---|---|---|")
for at, event, a in silent:
    print("| %s | %s | %.1f |" % (event, a.get("summary", "")[:110], (at - steps["cut"]) / 1000))
print("link and traffic restored %.1f s after the cut" % ((steps["restored"] - steps["cut"]) / 1000))
print("health while blind:", open(out + "/health.json").read().strip()[:160])
print("other alert types delivered:", ", ".join(others) or "none")
raised = [a for at, e, a in silent if e == "raised"]
ended = [a for at, e, a in silent if e == "ended"]
ok = raised and "no packets" in raised[0].get("summary", "") and ended
print("no-traffic-trial:", "raised and ended as expected" if ok else "NOT as expected")
sys.exit(0 if ok else 1)
PY
