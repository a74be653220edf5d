#!/usr/bin/env bash
# IPv6 flow exports from a real exporter: real IPv6 traffic (curl, ping, nmap, dig over IPv6) between two
# network namespaces made here is captured with tcpdump; softflowd exports the capture as NetFlow v9 and IPFIX
# to `vigil flows --netflow`, and the records are compared with what `vigil flows` makes of the capture itself.
# About a minute. Needs root and: curl nmap dnsutils dnsmasq tcpdump softflowd openssl python3.
#
# Network hygiene: two namespaces joined by one veth pair and nothing else, addresses from the documentation
# prefix 2001:db8::/32 only; every tool is bounded in count and time; everything is removed at the end.
#
#   site (v6-site) 2001:db8:a::10 (web :80), 2001:db8:a::20, 2001:db8:a::21
#   outside (v6-out) 2001:db8:b::80 (HTTPS), 2001:db8:b::53 (resolver), 2001:db8:b::66 (scanner)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/target/netflow-v6-trial}"
S=v6-site O=v6-out

. "$root/bench/trial/netns.sh"

trial_needs curl:curl nmap:nmap dnsutils:dig dnsmasq:dnsmasq tcpdump:tcpdump softflowd:softflowd openssl:openssl
netns_pair veth-6site veth-6out
for ns in $S $O; do
  ip netns exec $ns sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
done
for a in 10 20 21; do ip -n $S addr add 2001:db8:a::$a/64 dev veth-6site nodad; done
for a in 80 53 66; do ip -n $O addr add 2001:db8:b::$a/64 dev veth-6out nodad; done
ip -n $S route add 2001:db8:b::/64 dev veth-6site
ip -n $O route add 2001:db8:a::/64 dev veth-6out

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=v6.example -keyout "$out/key.pem" -out "$out/cert.pem" 2>/dev/null
in_o timeout 120 $PY "$root/bench/trial/web.py" "$out/cert.pem" "$out/key.pem" 443 2001:db8:b::80 >/dev/null 2>&1 &
in_s timeout 120 $PY "$root/bench/trial/web.py" - - 80 2001:db8:a::10 >/dev/null 2>&1 &
in_o timeout 120 dnsmasq -k -C /dev/null --no-resolv --no-hosts --listen-address=2001:db8:b::53 --bind-interfaces \
  --port=53 --user=root --pid-file="$out/dnsmasq.pid" --address=/portal.care-example.net/2001:db8:b::80 >/dev/null 2>&1 &
sleep 3

ip netns exec $S timeout 100 tcpdump -i veth-6site -s 256 -w "$out/v6.pcap" -c 50000 ip6 2>/dev/null &
dump=$!
sleep 2
echo "netflow-v6-trial: traffic"
for h in 20 21; do
  for i in 1 2 3; do
    in_s dig +short +time=2 +tries=1 -b 2001:db8:a::$h @2001:db8:b::53 portal.care-example.net AAAA >/dev/null || true
    in_s timeout 10 curl -sk -6 --interface 2001:db8:a::$h -o /dev/null "https://[2001:db8:b::80]/size/$((20000 * i))" || true
  done
  in_s timeout 10 ping -6 -c 3 -i 0.2 -I 2001:db8:a::$h 2001:db8:b::80 >/dev/null || true
done
in_o timeout 60 nmap -6 -n -Pn -sS -p 1-200 --max-retries 1 -T4 -S 2001:db8:b::66 -e veth-6out 2001:db8:a::10 \
  >"$out/nmap.txt" 2>&1 || true
in_o timeout 10 curl -s -6 --interface 2001:db8:b::66 -o /dev/null "http://[2001:db8:a::10]/page/1" || true
sleep 3
kill -INT $dump 2>/dev/null || true
wait $dump 2>/dev/null || true
echo "netflow-v6-trial: capture $(tcpdump -nr "$out/v6.pcap" 2>/dev/null | wc -l) packets in $out/v6.pcap"

"$root/bin/vigil" flows --internal 2001:db8:a::/64 --site lab --out "$out/capture.jsonl" "$out/v6.pcap" 2>/dev/null
for v in 9 10; do
  port=$((21055 + v))
  "$root/bin/vigil" flows --netflow 127.0.0.1:$port --idle 4 --internal 2001:db8:a::/64 --site lab \
    --out "$out/netflow-v$v.jsonl" 2>"$out/netflow-v$v.err" &
  listener=$!
  sleep 3
  # -a: the capture's own times; softflowd exits when the file is read and its flows are exported
  timeout 60 softflowd -a -r "$out/v6.pcap" -n 127.0.0.1:$port -v $v -d </dev/null >"$out/softflowd-v$v.log" 2>&1 || true
  wait $listener
done
$PY - "$out" <<'EOF'
import json, sys, collections
out = sys.argv[1]
def load(name):
    return [json.loads(l) for l in open(f"{out}/{name}") if l.strip()]
def conv(fs):  # conversations: 5-tuple (either direction), packets and bytes summed over pieces
    c = collections.defaultdict(lambda: [0, 0])
    for f in fs:
        k = (f["proto"], *sorted([(f["src_ip"], f["src_port"]), (f["dst_ip"], f["dst_port"])]))
        c[k][0] += f["packets_out"] + f["packets_in"]
        c[k][1] += f["bytes_out"] + f["bytes_in"]
    return c
cap = conv(load("capture.jsonl"))
print("| source | conversations | IPv6 | packets | bytes |")
print("|---|---|---|---|---|")
def row(name, c):
    v6 = sum(1 for k in c if ":" in k[1][0])
    print(f"| {name} | {len(c)} | {v6} | {sum(x[0] for x in c.values())} | {sum(x[1] for x in c.values())} |")
row("vigil flows (capture)", cap)
ok = True
for v in (9, 10):
    n = conv(load(f"netflow-v{v}.jsonl"))
    row(f"softflowd v{v} → vigil flows --netflow", n)
    same = sum(1 for k in cap if k in n and n[k] == cap[k])
    print(f"|   same packets and bytes as the capture | {same} of {len(cap)} | | | |")
    ok &= len(n) > 0 and all(":" in k[1][0] for k in n)
print("all exported flows IPv6:", ok)
sys.exit(0 if ok else 1)
EOF
