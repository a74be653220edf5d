#!/usr/bin/env bash
# threat_intel against real programs: curl, dig, dnsmasq and nmap between two network namespaces made here,
# captured at the site's edge with tcpdump, matched by `vigil analyze --indicators` against a STIX 2.1 bundle,
# a MISP event and a CSV list written below (shaped as NCSC, MISP communities and CareCERT publish them).
# bench/intel-check.py then holds the alerts to what each step must (and must not) raise. About 2 minutes.
# Needs root and: curl dnsutils dnsmasq nmap tcpdump openssl python3.
#
# Network hygiene: two namespaces joined by one veth pair and nothing else; every tool is bounded in count and
# time; everything is killed and the namespaces removed at the end, also on failure or Ctrl-C. Outside is
# 198.51.100.0/24 and 203.0.113.0/24 (documentation blocks), the site 10.98.0.0/24.
#
#   site (it-site)                                  outside (it-out)
#   10.98.0.10  web server :80                      198.51.100.53   the resolver (dnsmasq)
#   10.98.0.20  the compromised workstation         198.51.100.80-81 ordinary web sites (HTTPS)
#                                                   203.0.113.13    a phishing kit's host (TLS), asked for by a listed name
#   10.98.0.21-22  ordinary workstations            203.0.113.11    C2 listed by address (STIX)
#                                                   203.0.113.12    behind c2-update.example, listed by name (MISP)
#                                                   198.51.100.66   a listed scanner (CSV), only knocks
#                                                   198.51.100.67   a listed address (MISP) that gets in
#                                                   203.0.113.200   in a listed block (CSV), nothing answers
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/target/intel-trial}"
S=it-site O=it-out

. "$root/bench/trial/netns.sh"
step() { echo "intel-trial: $1"; }

trial_needs curl:curl dnsutils:dig dnsmasq:dnsmasq nmap:nmap tcpdump:tcpdump openssl:openssl
netns_pair veth-isite veth-iout
for a in 10 20 21 22; do ip -n $S addr add 10.98.0.$a/24 dev veth-isite; done
ip -n $S addr add 198.51.100.1/32 dev veth-isite
for a in 53 66 67 80 81; do ip -n $O addr add 198.51.100.$a/24 dev veth-iout; done
for a in 11 12 13; do ip -n $O addr add 203.0.113.$a/24 dev veth-iout; done
ip -n $S route add 198.51.100.0/24 dev veth-isite
ip -n $S route add 203.0.113.0/24 dev veth-isite
# 203.0.113.200 has no host: sent through the outside (which does not forward), so the SYN crosses the edge unanswered
ip -n $S route add 203.0.113.200/32 via 198.51.100.53 dev veth-isite
ip -n $O route add 10.98.0.0/24 via 198.51.100.1
# openssl s_client cannot choose its address: the workstation is the one that talks to the phishing host.
ip -n $S route add 203.0.113.13/32 dev veth-isite src 10.98.0.20

# --- servers ---------------------------------------------------------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=trial.example -keyout "$out/key.pem" \
  -out "$out/cert.pem" 2>/dev/null
in_o timeout 300 $PY "$root/bench/trial/web.py" "$out/cert.pem" "$out/key.pem" 443 198.51.100.80 198.51.100.81 \
  203.0.113.11 203.0.113.12 203.0.113.13 >/dev/null 2>&1 &
in_s timeout 300 $PY "$root/bench/trial/web.py" - - 80 10.98.0.10 >/dev/null 2>&1 &
in_o timeout 300 dnsmasq -k -C /dev/null --no-resolv --no-hosts --listen-address=198.51.100.53 --bind-interfaces \
  --port=53 --user=root --pid-file="$out/dnsmasq.pid" \
  --address=/c2-update.example/203.0.113.12 --address=/nhs-example.org/198.51.100.80 \
  --address=/care-example.net/198.51.100.81 >/dev/null 2>&1 &
sleep 2

ip netns exec $S timeout 280 tcpdump -i veth-isite -s 512 -w "$out/intel.pcap" -c 200000 not arp 2>/dev/null &
dump=$!
sleep 2

# --- traffic -----------------------------------------------------------------------------------------------
step "ordinary browsing from 10.98.0.21-22 (names resolved, pages fetched)"
for h in 21 22; do
  for s in www.nhs-example.org portal.care-example.net; do
    ip=$(in_s dig +short +time=2 +tries=1 -b 10.98.0.$h @198.51.100.53 "$s" A | tail -1)
    in_s timeout 10 curl -sk --interface 10.98.0.$h -o /dev/null --resolve "$s:443:$ip" "https://$s/page/1" || true
  done
done
step "the workstation 10.98.0.20 checks in with 203.0.113.11 five times (listed by address in the STIX bundle)"
for i in 1 2 3 4 5; do
  in_s timeout 5 curl -sk --interface 10.98.0.20 -o /dev/null https://203.0.113.11/c2/check-in || true
  sleep 2
done
step "it resolves cdn.c2-update.example (the MISP event lists c2-update.example) and fetches from it over TLS by that name"
ip=$(in_s dig +short +time=2 +tries=1 -b 10.98.0.20 @198.51.100.53 cdn.c2-update.example A | tail -1)
in_s timeout 10 curl -sk --interface 10.98.0.20 -o /dev/null --resolve "cdn.c2-update.example:443:$ip" \
  https://cdn.c2-update.example/size/40000 || true
step "10.98.0.21 tries 203.0.113.200:443 (in a block the CSV lists); nothing answers"
in_s timeout 5 curl -sk --interface 10.98.0.21 --connect-timeout 3 -o /dev/null https://203.0.113.200/ || true
step "10.98.0.20 holds a TLS connection to 203.0.113.13 open for 45 s, asking for login-nhs-verify.example (listed by name in the STIX bundle) without looking it up"
date +%s%3N >"$out/long-tls.start"
(sleep 45 | in_s timeout 50 openssl s_client -quiet -connect 203.0.113.13:443 -servername login-nhs-verify.example \
  >/dev/null 2>&1 || true) &
sleep 8
step "the listed scanner 198.51.100.66 runs nmap -sS on 100 ports of the web server (knocks only)"
in_o timeout 60 nmap -n -Pn -sS -p 1-100 --max-retries 1 -T4 -S 198.51.100.66 -e veth-iout 10.98.0.10 \
  >"$out/nmap.txt" 2>&1 || true
step "the listed 198.51.100.67 fetches a page from the site's web server (gets in)"
in_o timeout 10 curl -s --interface 198.51.100.67 -o /dev/null http://10.98.0.10/page/1 || true
sleep 5
sleep 45  # the held TLS connection ends
kill -INT $dump 2>/dev/null || true
wait $dump 2>/dev/null || true
echo "intel-trial: capture $(tcpdump -nr "$out/intel.pcap" 2>/dev/null | wc -l) packets in $out/intel.pcap"

# --- the indicator sources, in their published shapes -------------------------------------------------------
cat >"$out/ncsc-bundle.json" <<'EOF'
{"type": "bundle", "id": "bundle--4a3c1f0e-0d7e-4b8e-9f3a-1e2d3c4b5a69", "objects": [
  {"type": "identity", "spec_version": "2.1", "id": "identity--b3f2a1c4-5d6e-4f70-8a9b-0c1d2e3f4a5b",
   "created": "2026-11-20T09:00:00.000Z", "modified": "2026-11-20T09:00:00.000Z", "name": "Trial CERT", "identity_class": "organization"},
  {"type": "indicator", "spec_version": "2.1", "id": "indicator--8e2f1d3c-4b5a-4c69-8d7e-6f5a4b3c2d1e",
   "created": "2026-11-20T09:00:00.000Z", "modified": "2026-11-20T09:00:00.000Z", "name": "Cobalt Strike team server",
   "indicator_types": ["malicious-activity"], "pattern": "[ipv4-addr:value = '203.0.113.11']", "pattern_type": "stix",
   "valid_from": "2026-11-20T09:00:00Z", "confidence": 85,
   "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "command-and-control"}],
   "external_references": [{"source_name": "mitre-attack", "external_id": "T1071.001"},
                           {"source_name": "trial-cert", "url": "https://cert.example/bulletins/2026-118"}]},
  {"type": "indicator", "spec_version": "2.1", "id": "indicator--1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
   "created": "2026-11-20T09:00:00.000Z", "modified": "2026-11-20T09:00:00.000Z", "name": "phishing kit host",
   "pattern": "[domain-name:value = 'login-nhs-verify.example']", "pattern_type": "stix", "valid_from": "2026-11-20T09:00:00Z"}
]}
EOF
cat >"$out/misp-event.json" <<'EOF'
{"Event": {"id": "1500", "date": "2026-11-25", "threat_level_id": "1", "info": "Loader C2 and intrusion sources",
  "Tag": [{"name": "tlp:amber"}],
  "Attribute": [
    {"id": "95001", "type": "domain", "category": "Network activity", "to_ids": true, "value": "c2-update.example", "comment": "loader C2"},
    {"id": "95002", "type": "ip-src", "category": "Network activity", "to_ids": true, "value": "198.51.100.67", "comment": "intrusion source"},
    {"id": "95003", "type": "sha256", "category": "Payload delivery", "to_ids": true, "value": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}
  ]}}
EOF
cat >"$out/carecert-list.csv" <<'EOF'
# a bulletin's list
indicator,type,confidence,description
198.51.100.66,ip,60,scanning source
203.0.113.128/25,cidr,50,bulletproof hosting range
EOF
"$root/bin/vigil" analyze --internal 10.98.0.0/24 --site lab --indicators "$out/ncsc-bundle.json" \
  --indicators "$out/misp-event.json" --indicators "$out/carecert-list.csv" --out "$out/alerts.jsonl" \
  "$out/intel.pcap" 2>&1 | tee "$out/analyze.txt"
$PY "$root/bench/intel-check.py" "$out/alerts.jsonl" "$out/long-tls.start"
