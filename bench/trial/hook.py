#!/usr/bin/env python3
"""A webhook receiver for the trials: answers every POST with 204 and appends one line to OUT, the receive time
(epoch ms) and the body as it came (Vigil's webhook body is one JSON object). Usage: hook.py PORT OUT."""
import http.server, sys, time


class Hook(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(sys.argv[2], "ab") as out:
            out.write(str(int(time.time() * 1000)).encode() + b" " + body.replace(b"\n", b" ") + b"\n")
        self.send_response(204)
        self.end_headers()


http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Hook).serve_forever()
