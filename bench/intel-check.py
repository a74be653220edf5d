#!/usr/bin/env python3
"""Holds bench/intel-trial.sh's alerts to what each step must and must not raise; prints a table and exits 1
on any miss or any threat_intel alert nobody expected. With the held TLS connection's start (epoch ms, in a file),
prints its time to detect too. Usage: intel-check.py ALERTS.jsonl [LONG_TLS_START_FILE]"""
import json, sys
from datetime import datetime

# (host, indicator, severity): what each step must raise
EXPECTED = [
    ("10.98.0.20", "ip:203.0.113.11", "critical", "STIX address, five answered check-ins"),
    ("10.98.0.20", "domain:c2-update.example", "critical",
     "MISP domain: looked up (high), then connected to over TLS by that name (SNI): one alert, raised"),
    ("10.98.0.20", "ip:203.0.113.12", None, "not listed: the address behind the listed name"),
    ("10.98.0.21", "cidr:203.0.113.128/25", "medium", "CSV block, tried and not answered"),
    ("198.51.100.66", "ip:198.51.100.66", None, "CSV scanner: knocked only (inbound: established)"),
    ("198.51.100.67", "ip:198.51.100.67", "medium", "MISP source that got in (one below high)"),
    ("10.98.0.20", "domain:login-nhs-verify.example", "high",
     "STIX name asked for in a TLS hello (SNI) on a connection held open 45 s, never looked up"),
]

alerts = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
intel = [a for a in alerts if a["type"] == "threat_intel"]
failed = 0
print("| step | alert (host, indicator) | expected | got |")
print("|---|---|---|---|")
seen = set()
for host, ind, sev, what in EXPECTED:
    got = [a for a in intel if a["evidence"]["indicator"] == ind and host in (a["src"], a["dst"])]
    for a in got:
        seen.add(a["id"])
    g = ", ".join(a["severity"] for a in got) or "none"
    ok = (sev is None and not got) or (sev is not None and len(got) == 1 and got[0]["severity"] == sev)
    failed += not ok
    print(f"| {what} | {host}, {ind} | {sev or 'none'} | {g}{'' if ok else ' ✗'} |")
for a in intel:
    if a["id"] not in seen:
        failed += 1
        print(f"| unexpected | {a['src']} → {a['dst']}, {a['evidence']['indicator']} | none | {a['severity']} ✗ |")
others = sorted({a["type"] for a in alerts if a["type"] != "threat_intel"})
print(f"\n{len(intel)} threat_intel alerts; other types raised: {', '.join(others) or 'none'}")
if len(sys.argv) > 2:
    start = int(open(sys.argv[2]).read().strip())
    held = [a for a in intel if a["evidence"]["indicator"] == "domain:login-nhs-verify.example"]
    for a in held:
        raised = datetime.fromisoformat(a["raised_at"].replace("Z", "+00:00")).timestamp() * 1000
        print(f"held TLS connection: raised {(raised - start) / 1000:.1f} s after it began (capture time)")
sys.exit(1 if failed else 0)
