#!/usr/bin/env python3
"""Turns a real-tools trial's steps and alerts into the table of docs/detection.md: for each tool, the alert
that matches what it did, its severity, and the time from the tool's start to the alert's raised_at (event
time of the captured packets, which tcpdump stamped with the wall clock). Then every alert no step explains,
and the alerts of the benign capture. Usage: table.py TRIAL_DIR"""
import json, os, sys
from datetime import datetime


def ms(iso):
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000)


def load(path):
    if not os.path.exists(path):
        return []
    return [json.loads(l) for l in open(path) if l.strip()]


EXPECT = {  # step: (type, predicate)
    "beacon-1s": ("beaconing", lambda a: a["dst"] == "203.0.113.11"),
    "beacon-2-3s": ("beaconing", lambda a: a["dst"] == "203.0.113.12"),
    "beacon-5s": ("beaconing", lambda a: a["dst"] == "203.0.113.13"),
    "beacon-30s": ("beaconing", lambda a: a["dst"] == "203.0.113.14"),
    "beacon-2min": ("beaconing", lambda a: a["dst"] == "203.0.113.15"),
    "beacon-50s-rare": ("beaconing", lambda a: a["dst"] == "203.0.113.17"),
    "nmap-tcp": ("port_scan", lambda a: a["src"] == "198.51.100.66" and a["evidence"].get("distinct_ports", 0) >= 100),
    "nmap-udp": ("port_scan", lambda a: a["src"] == "198.51.100.67"),
    "nmap-sweep": ("host_sweep", lambda a: a["src"] == "198.51.100.68"),
    "hping3": ("syn_flood", lambda a: a["dst"] == "10.99.0.10"),
    "hydra-ssh-22": ("brute_force", lambda a: a["evidence"].get("port") == 22),
    "hydra-ssh-2222": ("brute_force", lambda a: a["evidence"].get("port") == 2222),
    "hydra-ftp-21": ("brute_force", lambda a: a["evidence"].get("port") == 21),
    "hydra-ftp-2121": ("brute_force", lambda a: a["evidence"].get("port") == 2121),
    # hydra's PASS commands crossed the internet readable: the site serves FTP in the clear
    "hydra-ftp-21 ": ("insecure_protocol", lambda a: a["evidence"].get("protocol") == "ftp"
                      and a["evidence"].get("direction") == "inbound"),
    "ftp-login": ("insecure_protocol", lambda a: a["src"] == "10.99.0.20" and a["evidence"].get("protocol") == "ftp"),
    "tls-old": ("insecure_protocol", lambda a: str(a["evidence"].get("protocol", "")).startswith("TLS 1.")
                and a["src"] != "10.99.0.30"),
    "upload": ("exfiltration", lambda a: a["src"] == "10.99.0.30" and a["dst"] == "203.0.113.200"),
    "iodine": ("dns_tunnel", lambda a: a["dst"] == "tun.example"),
    "dnscat-resolver": ("dns_tunnel", lambda a: a["dst"] == "tun2.example"),
    "dnscat-direct": ("dns_tunnel", lambda a: a["dst"] == "203.0.113.54"),
    "icmp-tunnel": ("icmp_tunnel", lambda a: a["dst"] == "203.0.113.16"),
    "inflow-beacon": ("beaconing", lambda a: a["dst"] == "203.0.113.18"),
    "tls10-long": ("insecure_protocol", lambda a: a["src"] == "10.99.0.30" and a["evidence"].get("protocol") == "TLS 1.0"),
}


def main():
    d = sys.argv[1]
    steps = []
    for line in open(os.path.join(d, "steps.txt")):
        name, at, what = line.rstrip("\n").split(" ", 2)
        steps.append((name, int(at), what))
    latest = {}
    for a in load(os.path.join(d, "alerts.jsonl")):
        latest[a["id"]] = a
    alerts = list(latest.values())
    explained = set()
    print("| tool | what it did | detected | severity | time to detect | evidence |")
    print("|---|---|---|---|---|---|")
    expectations = [(k.strip(), v) for k, v in EXPECT.items()]
    for name, at, what in steps:
        for step, (typ, pred) in expectations:
            if step == name:
                row(name, at, what, typ, pred, alerts, explained)
    rest = [a for a in alerts if a["id"] not in explained]
    print()
    print(f"Alerts no step explains ({len(rest)}):")
    for a in rest:
        print(f"- `{a['type']}` {a['severity']} src={a.get('src')} dst={a.get('dst')}: {a['summary'][:160]}")
    benign = list({a["id"]: a for a in load(os.path.join(d, "benign-alerts.jsonl"))}.values())
    print()
    sev = {}
    for a in benign:
        sev[a["severity"]] = sev.get(a["severity"], 0) + 1
    print(f"Benign capture (10.99.0.21-24 only): {len(benign)} alerts {sev or ''}")
    for a in benign:
        print(f"- `{a['type']}` {a['severity']} src={a.get('src')} dst={a.get('dst')}: {a['summary'][:160]}")


KEYS = ["period_seconds", "jitter_seconds", "connections", "distinct_ports", "hosts_probed", "incomplete_attempts",
        "distinct_sources_estimate", "peak_per_second", "estimated_attempts", "service", "protocol", "direction",
        "servers", "login_seen", "bytes_to_peer", "reason", "unique_subdomains", "unique_names", "encoded_share",
        "tunnel_type_share", "site_hosts_using_peer", "intervals", "intervals_needed", "requests", "replies",
        "unpaired_replies", "mismatched_replies", "bytes_in", "checkins_inside_a_connection"]


def row(name, at, what, typ, pred, alerts, explained):
    """The table rows of one expectation of one step: every matching alert, or a miss."""
    found = [a for a in alerts if a["type"] == typ and pred(a)]
    explained.update(a["id"] for a in found)
    if not found:
        print(f"| {name} | {what} | **missed** `{typ}` | | | |")
    for a in sorted(found, key=lambda x: ms(x["raised_at"])):
        delay = (ms(a["raised_at"]) - at) / 1000
        facts = ", ".join(f"{k}={a['evidence'][k]}" for k in KEYS if k in a["evidence"])
        print(f"| {name} | {what} | `{a['type']}` | {a['severity']} | {delay:.1f} s | {facts} |")


if __name__ == "__main__":
    main()
