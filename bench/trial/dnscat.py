#!/usr/bin/env python3
"""A dnscat2-style client for the trial (dnscat2 itself is not in Debian): sends data hex-encoded in DNS names from
ONE UDP socket, as dnscat2 does, with TXT, CNAME and MX questions at random. With a DOMAIN the names are
<hex>.<hex>.DOMAIN and go through the given resolver; with "-" they are dnscat.<hex>.<hex>, asked straight of the
server (direct mode). Bounded: COUNT questions, one every GAP seconds.
Usage: dnscat.py BIND_ADDR SERVER DOMAIN|- COUNT GAP"""
import os, random, socket, struct, sys


def query(qid, name, qtype):
    q = b"".join(bytes([len(l)]) + l.encode() for l in name.split(".")) + b"\x00"
    return struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0) + q + struct.pack(">HH", qtype, 1)


def main():
    bind, server, domain, count, gap = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((bind, 0))
    s.settimeout(1.0)
    for i in range(count):
        data = os.urandom(random.randint(40, 110)).hex()
        labels = [data[j:j + 60] for j in range(0, len(data), 60)]
        name = ".".join(labels) + "." + domain if domain != "-" else "dnscat." + ".".join(labels)
        s.sendto(query(random.randint(0, 65535), name[:250], random.choice([16, 5, 15])), (server, 53))
        try:
            s.recvfrom(4096)
        except socket.timeout:
            pass
        if gap > 0:
            import time
            time.sleep(gap)


if __name__ == "__main__":
    main()
