# The trial's webhook receiver and certificate maker: Python's HTTPS server and openssl.
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 openssl \
 && rm -rf /var/lib/apt/lists/*
COPY receiver.py make-certs.sh /opt/
