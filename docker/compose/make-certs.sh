#!/bin/sh
# The trial's TLS material in /tls, made once: a CA, the broker's certificate (PEM, for Kafka),
# and the receiver's; clients trust ca.crt (PEM). A trial only:
# the keys are readable by every service that mounts the volume.
set -eu
cd /tls
[ -f ca.crt ] && { echo "certs: already made"; exit 0; }
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj "/CN=Vigil trial CA" \
  -keyout ca.key -out ca.crt -addext basicConstraints=critical,CA:TRUE 2>/dev/null
for name in broker receiver; do
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$name" -keyout "$name.key" -out "$name.csr" 2>/dev/null
  printf 'subjectAltName=DNS:%s,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n' "$name" > "$name.ext"
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 -extfile "$name.ext" -out "$name.crt" 2>/dev/null
done
cat broker.key broker.crt ca.crt > broker.pem
rm -f ./*.csr ./*.ext ca.key ca.srl
chmod 0644 ./*
echo "certs: made"
