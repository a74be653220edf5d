#!/usr/bin/env bash
# Re-makes the pictures in docs/img from the code that produces what they show.
# Needs: a built bin/vigil (modules/dist/target/vigil.jar) and Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=modules/dist/target/vigil.jar
[ -f "$jar" ] || bin/vigil --help > /dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
java -cp "$jar" docs/img/RenderEmail.java "$tmp/email.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=900,500 \
  --screenshot="$tmp/alert-email.png" "file://$tmp/email.html" 2> /dev/null
cp "$tmp/alert-email.png" docs/img/alert-email.png
echo "docs/img/alert-email.png"

# The weekly report, from a week of simulated attacks run through the real pipeline.
for s in port-scan brute-force exfiltration insecure-protocol dns-tunnel beaconing; do
  bin/vigil simulate --scenario "$s" --out "$tmp/$s.pcap" > /dev/null 2>&1
  bin/vigil analyze -q --site clinic-north --traffic "$tmp/$s.traffic" "$tmp/$s.pcap" >> "$tmp/alerts.jsonl"
  cat "$tmp/$s.traffic" >> "$tmp/traffic.jsonl"
done
bin/vigil report --alerts "$tmp/alerts.jsonl" --traffic "$tmp/traffic.jsonl" --capacity clinic-north=20Mbit/80Mbit \
  --out "$tmp/reports" 2> /dev/null
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1000,2300 \
  --screenshot="$tmp/weekly-report.png" "file://$(ls "$tmp"/reports/*.html | head -1)" 2> /dev/null
cp "$tmp/weekly-report.png" docs/img/weekly-report.png
echo "docs/img/weekly-report.png"

# The console: the alerts and flows of simulated attacks at two sites, photographed in Chromium
# by a test of the cli module (ConsoleScreenshotsIT), which runs only when given these inputs.
: > "$tmp/console-alerts.jsonl"; : > "$tmp/console-flows.jsonl"
for s in port-scan:clinic-north brute-force:clinic-north exfiltration:care-home-east insecure-protocol:care-home-east \
         dns-tunnel:clinic-north host-sweep:care-home-east beaconing:clinic-north; do
  name=${s%%:*}; site=${s##*:}
  bin/vigil analyze -q --site "$site" "$tmp/$name.pcap" >> "$tmp/console-alerts.jsonl" 2>/dev/null \
    || { bin/vigil simulate --scenario "$name" --out "$tmp/$name.pcap" > /dev/null 2>&1;
         bin/vigil analyze -q --site "$site" "$tmp/$name.pcap" >> "$tmp/console-alerts.jsonl"; }
  bin/vigil flows --site "$site" --internal 10.10.0.0/16 "$tmp/$name.pcap" >> "$tmp/console-flows.jsonl" 2>/dev/null
done
mvn -B -q -pl modules/cli verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ConsoleScreenshotsIT \
  -Dvigil.screenshots.alerts="$tmp/console-alerts.jsonl" -Dvigil.screenshots.flows="$tmp/console-flows.jsonl" \
  -Dvigil.screenshots.out="$PWD/docs/img" > "$tmp/console-shots.log" 2>&1 || { tail -40 "$tmp/console-shots.log"; exit 1; }
echo "docs/img/console-queue.png docs/img/console-alert.png docs/img/console-suppression.png"
