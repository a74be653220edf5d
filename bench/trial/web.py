#!/usr/bin/env python3
"""HTTPS (or HTTP) server for the real-tools trial: GET /size/N answers N bytes, GET /page answers a page of a
random size, PUT and POST read and discard the body (uploads). Serves every address given, one thread each.
Usage: web.py CERT KEY PORT ADDR... (CERT "-" for plain HTTP)."""
import http.server, random, socketserver, ssl, sys, threading


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, n):
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(n))
        self.end_headers()
        chunk = b"x" * 65536
        while n > 0:
            self.wfile.write(chunk[:min(n, len(chunk))])
            n -= len(chunk)

    def do_GET(self):
        if self.path.startswith("/c2/"):
            # a C2 server with no task for the implant answers small, and nearly the same each time
            self._send(random.randint(180, 260))
        elif self.path.startswith("/size/"):
            self._send(int(self.path[6:]))
        else:
            self._send(random.randint(2_000, 400_000))

    def _sink(self):
        left = int(self.headers.get("Content-Length", "0"))
        while left > 0:
            got = self.rfile.read(min(left, 1 << 20))
            if not got:
                break
            left -= len(got)
        self._send(64)

    do_PUT = _sink
    do_POST = _sink


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class Server6(Server):
    address_family = __import__("socket").AF_INET6


def serve(addr, port, context):
    s = (Server6 if ":" in addr else Server)((addr, port), Handler)
    if context:
        s.socket = context.wrap_socket(s.socket, server_side=True)
    s.serve_forever()


def main():
    cert, key, port, addrs = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
    context = None
    if cert != "-":
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(cert, key)
    for a in addrs:
        threading.Thread(target=serve, args=(a, port, context), daemon=True).start()
    threading.Event().wait()


if __name__ == "__main__":
    main()
