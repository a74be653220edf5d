#!/usr/bin/env python3
"""An implant that keeps one HTTPS connection open (HTTP/1.1 keep-alive) and checks in on it every PERIOD
seconds with a share JITTER of jitter, COUNT times: C2 whose rhythm lives inside one connection. It talks only
to the address it is given (the trial's namespaces). Usage: keepalive.py SOURCE SERVER PERIOD JITTER COUNT"""
import http.client, random, ssl, sys, time


def main():
    source, server, period, jitter, count = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    conn = http.client.HTTPSConnection(server, 443, timeout=10, source_address=(source, 0), context=context)
    for i in range(count):
        conn.request("GET", f"/c2/check-in?n={i}", headers={"Connection": "keep-alive"})
        conn.getresponse().read()
        time.sleep(period * (1 - jitter + 2 * jitter * random.random()))
    conn.close()


if __name__ == "__main__":
    main()
