"""The trial's webhook receiver: HTTPS (TLS 1.2+) with a certificate from the trial's CA;
prints each notice as one JSON line on stdout (podman logs / docker logs show them)."""
import http.server
import json
import ssl
import sys


class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            notice = json.loads(body)
            alert = notice.get("alert") or {}
            print(json.dumps({"event": notice.get("event"), "id": alert.get("id"), "type": alert.get("type"),
                              "summary": alert.get("summary")}), flush=True)
        except ValueError:
            print(json.dumps({"error": "not JSON", "bytes": len(body)}), flush=True)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.minimum_version = ssl.TLSVersion.TLSv1_2
context.load_cert_chain("/tls/receiver.crt", "/tls/receiver.key")
server = http.server.ThreadingHTTPServer(("0.0.0.0", 8443), Hook)
server.socket = context.wrap_socket(server.socket, server_side=True)
print("receiver: listening on 8443 (https)", file=sys.stderr, flush=True)
server.serve_forever()
