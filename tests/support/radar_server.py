#!/usr/bin/python3
"""A real HTTPS server speaking Cloudflare Radar's BGP events API for the Radar source's tests
(Python's http.server and ssl, from Debian's python3). Answers are built from the fixtures
written from Radar's documented schema (tests/data/radar/README.md): --hijacks and --leaks
name files holding a `result` ({"events": [...]}) that are read at every request, so a test
can add events while it runs. Events are filtered by involvedAsn (hijacker or victim; leaker
or an AS of the leak segment) and minConfidence, sorted by id (sortOrder), paged by page and
per_page, and wrapped as Radar wraps them (success, errors, result, result_info).

--pfx2as F      {"PREFIX": [{"prefix", "origin", "peer_count", "rpki_validation"}, ...]}:
                /radar/bgp/routes/pfx2as?prefix=PREFIX answers those rows (none when absent)
--token T       the only token accepted (Authorization: Bearer T); others get 401 and
                Cloudflare's error body
--script F      a JSON list of answers to give instead, one per request, in order, consumed
                from the file: {"status": 429, "retry_after": 2}, {"status": 200, "body": "x"};
                a body that is not a string is sent as JSON
--log F         one JSON line per request: path, query, whether the token was right
"""
import argparse
import http.server
import json
import ssl
import threading
import urllib.parse

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--cert")
parser.add_argument("--key")
parser.add_argument("--token", required=True)
parser.add_argument("--hijacks", required=True)
parser.add_argument("--leaks", required=True)
parser.add_argument("--pfx2as", default="")
parser.add_argument("--script", default="")
parser.add_argument("--log", required=True)
args = parser.parse_args()
lock = threading.Lock()


def scripted():
    if not args.script:
        return None
    try:
        with open(args.script) as f:
            steps = json.load(f)
    except (OSError, ValueError):
        return None
    if not steps:
        return None
    with open(args.script, "w") as f:
        json.dump(steps[1:], f)
    return steps[0]


def involves(event, asn, kind):
    if kind == "hijacks":
        return event["hijacker_asn"] == asn or asn in event.get("victim_asns", [])
    return event["leak_asn"] == asn or asn in event.get("leak_seg", [])


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *_):
        pass

    def answer(self, status, body, headers=()):
        if not isinstance(body, (str, bytes)):
            body = json.dumps(body)  # a script's body given as JSON itself
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        authorized = self.headers.get("Authorization", "") == "Bearer " + args.token
        with lock:
            with open(args.log, "a") as log:
                log.write(json.dumps({"path": url.path, "query": query,
                                      "authorized": authorized}) + "\n")
            step = scripted()
        if step is not None:
            headers = [("Retry-After", str(step["retry_after"]))] if "retry_after" in step else []
            return self.answer(step["status"], step.get("body", '{"success": false, "errors": '
                                                           '[{"code": 1, "message": "scripted"}]}'),
                               headers)
        if not authorized:
            return self.answer(401, json.dumps({"success": False, "errors": [
                {"code": 10000, "message": "Authentication error"}], "messages": [],
                "result": None}))
        if url.path == "/radar/bgp/routes/pfx2as":
            rows = {}
            if args.pfx2as:
                with open(args.pfx2as) as f:
                    rows = json.load(f)
            return self.answer(200, json.dumps({"success": True, "errors": [], "result": {
                "meta": {"data_time": "2026-12-01T00:00:00", "query_time": "2026-12-01T00:00:00",
                         "total_peers": 60},
                "prefix_origins": rows.get(query.get("prefix", ""), [])}}))
        kind = url.path.split("/")[-2] if url.path.endswith("/events") else ""
        if kind not in ("hijacks", "leaks") or not url.path.startswith("/radar/bgp/"):
            return self.answer(404, '{"success": false, "errors": [{"code": 7000, '
                                    '"message": "No route for that URI"}]}')
        with open(args.hijacks if kind == "hijacks" else args.leaks) as f:
            result = json.load(f)
        events = result["events"]
        if "involvedAsn" in query:
            events = [e for e in events if involves(e, int(query["involvedAsn"]), kind)]
        if kind == "hijacks" and "minConfidence" in query:
            events = [e for e in events if e["confidence_score"] >= int(query["minConfidence"])]
        events.sort(key=lambda e: e["id"], reverse=query.get("sortOrder", "DESC") == "DESC")
        per_page = int(query.get("per_page", "100"))
        page = int(query.get("page", "1"))
        chunk = events[(page - 1) * per_page:page * per_page]
        body = dict(result)
        body["events"] = chunk
        self.answer(200, json.dumps({"success": True, "errors": [], "result": body,
                                     "result_info": {"count": len(chunk), "page": page,
                                                     "per_page": per_page,
                                                     "total_count": len(events)}}))


server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
if args.cert:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
server.serve_forever()
