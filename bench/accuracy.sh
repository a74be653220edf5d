#!/usr/bin/env bash
# Flow accuracy: Vigil's flows against tshark's streams and argus's records on the same capture.
# Usage: bench/accuracy.sh CAPTURE   (needs tshark, argus, ra: apt-get install -y tshark argus-server argus-client)
# Prints, per protocol: flows (distinct flow ids / tshark streams / argus records), packets, and
# IP-layer bytes (argus counts the 14-byte Ethernet header too; it is taken off for the comparison).
set -euo pipefail
cap="$1"
root="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT

"$root/bin/vigil" flows -q "$cap" > "$tmp/flows.jsonl"
python3 - "$tmp/flows.jsonl" > "$tmp/vigil.txt" <<'PY'
import json, sys
ids, pk, by = {}, {}, {}
for line in open(sys.argv[1]):
    r = json.loads(line); p = r["proto"]
    if p not in ("tcp", "udp"): continue
    ids.setdefault(p, set()).add(r["flow_id"])
    pk[p] = pk.get(p, 0) + r["packets_out"] + r["packets_in"]
    by[p] = by.get(p, 0) + r["bytes_out"] + r["bytes_in"]
for p in sorted(ids): print("vigil", p, len(ids[p]), pk[p], by[p])
PY
tshark -r "$cap" -T fields -E separator=, -e ip.proto -e ipv6.nxt -e tcp.stream -e udp.stream -e ip.len -e ipv6.plen 2>/dev/null \
  | awk -F, '$3!="" {t[$3]=1; tp++; tb+=($5!=""?$5:$6+40)} $4!="" {u[$4]=1; up++; ub+=($5!=""?$5:$6+40)}
             END {print "tshark tcp", length(t), tp, tb; print "tshark udp", length(u), up, ub}' > "$tmp/tshark.txt"
argus -r "$cap" -w "$tmp/a.argus" 2>/dev/null
ra -r "$tmp/a.argus" -n -c , -s proto pkts bytes -- tcp or udp 2>/dev/null \
  | awk -F, 'NR>1 {n[$1]++; p[$1]+=$2; b[$1]+=$3} END {for (k in n) print "argus", k, n[k], p[k], b[k]-14*p[k]}' | sort > "$tmp/argus.txt"
echo "| tool | proto | flows | packets | IP bytes |"
echo "|---|---|---|---|---|"
cat "$tmp/vigil.txt" "$tmp/tshark.txt" "$tmp/argus.txt" | sort -k2,2 -s | awk '{printf "| %s | %s | %d | %d | %d |\n", $1, $2, $3, $4, $5}'
