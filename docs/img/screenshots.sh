#!/usr/bin/env bash
# Re-makes the pictures in docs/img from the code that produces what they show.
# Needs: a built bin/vigil (modules/cli/target/vigil.jar) and Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=modules/cli/target/vigil.jar
[ -f "$jar" ] || bin/vigil --help > /dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
java -cp "$jar" docs/img/RenderEmail.java "$tmp/email.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=900,500 \
  --screenshot="$tmp/alert-email.png" "file://$tmp/email.html" 2> /dev/null
cp "$tmp/alert-email.png" docs/img/alert-email.png
echo "docs/img/alert-email.png"
