#!/usr/bin/env bash
# Real attack tools against a real server, between two network namespaces made here, captured
# with tcpdump and run through `vigil analyze`. Needs root and: nmap hping3 openssh-server
# sshpass tcpdump python3.
#
# Network hygiene: the namespaces have no route anywhere but each other (the veth pair); every
# tool is bounded in packets and time; the namespaces are removed at the end, also on failure.
# "Outside" is 198.51.100.0/24 (documentation block); the "site" is 10.99.0.0/24.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/target/trial}"
mkdir -p "$out"
ATT=vigil-trial-att SRV=vigil-trial-srv

cleanup() {
  for ns in $ATT $SRV; do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
  done
}
trap cleanup EXIT
cleanup

ip netns add $ATT
ip netns add $SRV
ip link add veth-att netns $ATT type veth peer name veth-srv netns $SRV
ip -n $SRV addr add 10.99.0.10/24 dev veth-srv
ip -n $SRV addr add 198.51.100.1/24 dev veth-srv
ip -n $ATT addr add 198.51.100.66/24 dev veth-att
for ns in $ATT $SRV; do ip -n $ns link set lo up; done
ip -n $SRV link set veth-srv up
ip -n $ATT link set veth-att up
# The attacker reaches the site through the server's outside address, like through a gateway.
ip -n $ATT route add 10.99.0.0/24 via 198.51.100.1

# The server: sshd (password logins, so guesses get answers) and a web server.
mkdir -p /run/sshd
[ -f /etc/ssh/ssh_host_ed25519_key ] || ssh-keygen -A >/dev/null
ip netns exec $SRV /usr/sbin/sshd -o PasswordAuthentication=yes -o MaxStartups=100 -o PerSourcePenalties=no -o LogLevel=QUIET 2>/dev/null \
  || ip netns exec $SRV /usr/sbin/sshd -o PasswordAuthentication=yes -o MaxStartups=100 -o LogLevel=QUIET
(cd "$out" && ip netns exec $SRV timeout 120 python3 -m http.server 80 --bind 10.99.0.10 >/dev/null 2>&1 &)
sleep 1

ip netns exec $SRV timeout 100 tcpdump -i veth-srv -s 256 -w "$out/trial.pcap" -c 200000 not arp 2>/dev/null &
dump=$!
sleep 2

echo "trial: ordinary visits to the web server"
for i in $(seq 1 10); do ip netns exec $ATT curl -s -o /dev/null --max-time 2 http://10.99.0.10/ || true; done

echo "trial: nmap SYN scan of 1000 ports"
ip netns exec $ATT timeout 60 nmap -n -Pn -sS -p 1-1000 --max-retries 1 -T4 10.99.0.10 >"$out/nmap-scan.txt" 2>&1 || true

echo "trial: nmap sweep of port 445 across 10.99.0.1-60"
ip netns exec $ATT timeout 60 nmap -n -Pn -sS -p 445 --max-retries 0 -T4 10.99.0.1-60 >"$out/nmap-sweep.txt" 2>&1 || true

echo "trial: hping3 SYN flood, 5000 packets from random sources"
ip netns exec $ATT timeout 20 hping3 -q -S -p 80 --rand-source -c 5000 -i u200 10.99.0.10 >"$out/hping3.txt" 2>&1 || true

echo "trial: 30 wrong SSH passwords"
for i in $(seq 1 30); do
  ip netns exec $ATT timeout 5 sshpass -p "wrong$i" ssh -n -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
    -o PreferredAuthentications=password -o NumberOfPasswordPrompts=1 -o ConnectTimeout=3 admin@10.99.0.10 true \
    >/dev/null 2>&1 || true
done

sleep 8   # the last flows end (handshake timeout)
kill "$dump" 2>/dev/null || true
wait "$dump" 2>/dev/null || true
echo "trial: capture $(tcpdump -r "$out/trial.pcap" 2>/dev/null | wc -l) packets in $out/trial.pcap"
"$root/bin/vigil" analyze -q --internal 10.99.0.0/24 --site lab --out "$out/alerts.jsonl" "$out/trial.pcap"
python3 - "$out/alerts.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    a = json.loads(line)
    print(f"{a['type']:<18} {a['severity']:<8} src={a.get('src')} dst={a.get('dst')} raised {a['raised_at']} "
          f"(first seen {a['first_seen']}): {a['summary'][:110]}")
PY
