#!/usr/bin/env python3
"""An authoritative-style DNS responder for the trial's dnscat-style tunnel: answers every question with data of
its type (TXT, CNAME, MX, A), as a tunnel server hands back its downstream. Usage: dnsecho.py ADDR [PORT]."""
import os, socket, struct, sys


def name_end(msg, pos):
    while msg[pos] != 0:
        if msg[pos] & 0xC0 == 0xC0:
            return pos + 2
        pos += msg[pos] + 1
    return pos + 1


def answer(msg):
    qid, flags, qd = struct.unpack(">HHH", msg[:6])
    end = name_end(msg, 12)
    qtype = struct.unpack(">H", msg[end:end + 2])[0]
    question = msg[12:end + 4]
    data = os.urandom(12).hex()
    if qtype == 16:        # TXT
        rdata = bytes([len(data)]) + data.encode()
    elif qtype == 5:       # CNAME
        rdata = bytes([len(data)]) + data.encode() + b"\x03dns\x00"
    elif qtype == 15:      # MX
        rdata = b"\x00\x0a" + bytes([len(data)]) + data.encode() + b"\x03dns\x00"
    else:
        qtype, rdata = 1, os.urandom(4)
    rr = b"\xc0\x0c" + struct.pack(">HHIH", qtype, 1, 0, len(rdata)) + rdata
    return struct.pack(">HHHHHH", qid, 0x8400 | (flags & 0x0100), 1, 1, 0, 0) + question + rr


def main():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 53))
    while True:
        msg, peer = s.recvfrom(4096)
        try:
            s.sendto(answer(msg), peer)
        except Exception:
            pass


if __name__ == "__main__":
    main()
