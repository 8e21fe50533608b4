#!/usr/bin/python3
"""A real HTTPS server for the webhook sink's tests (Python's http.server and ssl, from
Debian's python3): records every request as one JSON line (method, path, headers, body and,
when the body is JSON, its canonical form) and answers as a chat service would. Telegram's
sendMessage gets {"ok": true, "result": {"message_id": N}}.

--fail-at 2,3   answer 503 to those requests (1-based, in arrival order)
--fail-file F   answer 503 while F exists
--hang          accept and never answer
"""
import argparse
import http.server
import json
import os
import ssl
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--cert")
parser.add_argument("--key")
parser.add_argument("--log", required=True)
parser.add_argument("--fail-at", default="")
parser.add_argument("--fail-file", default="")
parser.add_argument("--hang", action="store_true")
args = parser.parse_args()
fail_at = {int(n) for n in args.fail_at.split(",") if n}
lock = threading.Lock()
count = 0


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *_):
        pass

    def handle_any(self):
        global count
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode("utf-8", "replace")
        if args.hang:
            time.sleep(3600)
        with lock:
            count += 1
            n = count
            record = {"n": n, "method": self.command, "path": self.path,
                      "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body}
            try:
                record["json"] = json.dumps(json.loads(body), sort_keys=True,
                                            separators=(",", ":"), ensure_ascii=False)
            except ValueError:
                pass
            failing = n in fail_at or (args.fail_file and os.path.exists(args.fail_file))
            record["answered"] = 503 if failing else 200
            with open(args.log, "a", encoding="utf-8") as log:
                log.write(json.dumps(record, ensure_ascii=False) + "\n")
        if failing:
            answer, status = b"service unavailable, try later", 503
        elif self.path.endswith("/sendMessage"):
            answer = json.dumps({"ok": True, "result": {"message_id": 1000 + n}}).encode()
            status = 200
        else:
            answer, status = b"ok", 200
        self.send_response(status)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    do_POST = do_PUT = do_PATCH = do_GET = handle_any


server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
if args.cert:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
server.serve_forever()
