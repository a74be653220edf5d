#!/usr/bin/env bash
# The packets behind a real attack, the way a site gets them: `vigil standalone` (the appliance) captures one end of
# a veth pair between two network namespaces made here, with its packet ring on; an outside host browses the site's
# web server while nmap scans it from another address. The port scan reaches the webhook; the detector's cut request
# makes the collector keep the scan's packets; `vigil evidence get` fetches them through the appliance's Kafka with
# its own client certificate (as docs/evidence.md says); tcpdump reads the file. Checked: every packet is between the
# scanner and the server, none of the browsing host's; the packets match the scan nmap ran; an unknown alert id is
# exit 2. About 3 minutes. Needs root and: nmap curl tcpdump python3 (and tshark, which reads the pcap when present).
# Network hygiene: the two namespaces and the veth between them only; every process in them killed and the
# namespaces removed at the end, also on failure. Outside is 198.51.100.0/24 (a documentation block).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
here="$root/bench/trial"
out="${1:-$root/target/evidence-trial}"
S=ve-site O=ve-out trial_name=evidence-trial
. "$here/netns.sh"
trial_needs nmap:nmap curl:curl tcpdump:tcpdump
rm -rf "$out"/{kafka,state,spool,evidence,hook.jsonl,standalone.log,scan.pcap,box.yaml}
SERVER=10.96.0.10 SCANNER=198.51.100.66 BROWSER=198.51.100.80

netns_pair veth-esite veth-eout
ip -n $S addr add $SERVER/24 dev veth-esite
ip -n $S route add 198.51.100.0/24 dev veth-esite
ip -n $O addr add $SCANNER/24 dev veth-eout
ip -n $O addr add $BROWSER/24 dev veth-eout
ip -n $O route add 10.96.0.0/24 dev veth-eout
in_s timeout 600 $PY -m http.server 80 --bind $SERVER --directory "$here" >/dev/null 2>&1 &
in_s timeout 600 $PY "$here/hook.py" 18081 "$out/hook.jsonl" &

cat >"$out/standalone.yaml" <<YAML
broker: {dir: $out/kafka, port: 19192, controller-port: 19193}
metrics: {port: 19564}
collector:
  site: clinic-east
  internal: [10.96.0.0/24]
  capture: {interface: veth-esite}
  spool: {dir: $out/spool}
  evidence: {dir: $out/evidence, max-size: 256MB}
detector:
  state-dir: $out/state
notifier:
  channels:
    hook: {type: webhook, url: 'http://127.0.0.1:18081/hook', allow-http: true}
YAML
"$root/bin/vigil" --version >/dev/null   # builds the jar outside the namespace's time budget if needed
in_s timeout 600 "$root/bin/vigil" standalone --config "$out/standalone.yaml" >"$out/standalone.log" 2>&1 &
for _ in $(seq 120); do grep -q "Ctrl-C to stop" "$out/standalone.log" && break; sleep 1; done
grep -q "Ctrl-C to stop" "$out/standalone.log" || { cat "$out/standalone.log"; echo "evidence-trial: standalone did not start" >&2; exit 1; }

browse() { while :; do in_o curl -s -o /dev/null --interface $BROWSER --max-time 2 http://$SERVER/hook.py || true; sleep 1; done; }
mark browsing
browse & browser=$!
sleep 20
mark scan "nmap -sS -p 1-1000 from $SCANNER"
in_o timeout 120 nmap -n -Pn -sS -p 1-1000 -T4 --max-rate 400 -S $SCANNER -e veth-eout $SERVER -oN "$out/nmap.txt" >/dev/null
mark scanned
for _ in $(seq 120); do grep -q '"port_scan"' "$out/hook.jsonl" 2>/dev/null && break; sleep 1; done
id=$($PY -c '
import json, sys
for line in open(sys.argv[1]):
    o = json.loads(line.split(" ", 1)[1]); a = o.get("alert", o)
    if a.get("type") == "port_scan": print(a["id"]); break
' "$out/hook.jsonl")
[ -n "$id" ] || { echo "evidence-trial: no port_scan reached the webhook" >&2; exit 1; }
mark delivered "$id"
for _ in $(seq 60); do [ -f "$out/evidence/kept/$id.pcap" ] && break; sleep 1; done
mark kept "$(ls -l "$out/evidence/kept/$id.pcap" 2>/dev/null | awk '{print $5 " bytes"}')"
sleep 10
kill $browser; wait $browser 2>/dev/null || true

# docs/configuration.md's box.yaml: a command on the box, with the appliance's own client certificate
tls="$out/kafka/tls"
cat >"$out/box.yaml" <<YAML
kafka:
  bootstrap.servers: 127.0.0.1:19192
  ssl.truststore.location: $tls/ca-trust.p12
  ssl.truststore.type: PKCS12
  ssl.truststore.password: \${file:$tls/store-password}
kafka-auth:
  mechanism: mtls
  keystore: $tls/vigil-appliance.p12
  keystore-password: \${file:$tls/store-password}
YAML
mark fetch
in_s "$root/bin/vigil" evidence get "$id" --out "$out/scan.pcap" --config "$out/box.yaml" --by trial | tee "$out/fetch.txt"
mark fetched
set +e
in_s "$root/bin/vigil" evidence get no-such-alert --out "$out/none.pcap" --config "$out/box.yaml" 2>"$out/unknown.txt"
unknown=$?
set -e
# the issue asks that tshark opens it; tcpdump (libpcap) reads it too
if command -v tshark >/dev/null; then
  tshark -n -r "$out/scan.pcap" -T fields -E separator=' ' -e ip.src -e tcp.srcport -e ip.dst -e tcp.dstport \
    2>"$out/tshark.err" >"$out/scan.txt"
  reader=tshark
else
  tcpdump -nn -r "$out/scan.pcap" 2>/dev/null | sed -E 's/.* IP ([0-9.]+)\.([0-9]+) > ([0-9.]+)\.([0-9]+):.*/\1 \2 \3 \4/' >"$out/scan.txt"
  reader=tcpdump
fi
tcpdump -nn -r "$out/scan.pcap" >/dev/null 2>&1 || { echo "evidence-trial: tcpdump cannot read the pcap" >&2; exit 1; }

$PY - "$out" "$SCANNER" "$SERVER" "$BROWSER" "$unknown" "$reader" <<'PY'
import re, sys
out, scanner, server, browser, unknown, reader = sys.argv[1:7]
lines = open(out + "/scan.txt").read().splitlines()
pairs = set()
ports = set()
for l in lines:
    f = l.split()
    if len(f) != 4:
        pairs.add(("?", "?")); continue
    pairs.add((f[0], f[2]))
    if f[0] == scanner: ports.add(int(f[3]))
steps = {l.split()[0]: int(l.split()[1]) for l in open(out + "/steps.txt")}
nmap = open(out + "/nmap.txt").read()
opened = sorted(int(p) for p in re.findall(r"^(\d+)/tcp\s+open", nmap, re.M))
print("fetched:", open(out + "/fetch.txt").read().strip())
print("packets in the pcap (%s):" % reader, len(lines))
print("host pairs in it:", sorted(pairs))
print("ports of the server probed in it: %d (nmap scanned 1-1000; open: %s)" % (len(ports), opened))
print("delivered %.1f s after the scan began; kept %.1f s after; fetched in %.1f s" % (
    (steps["delivered"] - steps["scan"]) / 1000, (steps["kept"] - steps["scan"]) / 1000,
    (steps["fetched"] - steps["fetch"]) / 1000))
print("unknown alert id: exit %s, %s" % (unknown, open(out + "/unknown.txt").read().strip()))
ok = (lines and pairs <= {(scanner, server), (server, scanner)} and len(ports) == 1000
      and all(p in ports for p in opened) and unknown == "2")
print("evidence-trial:", "as expected" if ok else "NOT as expected")
sys.exit(0 if ok else 1)
PY
