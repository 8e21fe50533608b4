#!/usr/bin/python3
"""A real SMTP server for the email sink's tests: Debian's python3-aiosmtpd on 127.0.0.1,
with STARTTLS required (or implicit TLS) and AUTH PLAIN/LOGIN required, each accepted message
recorded as one JSON line (the authenticated user, envelope sender and recipients, the raw
message).

--implicit-tls   TLS from the first byte (smtps://), else STARTTLS on a plain connection
"""
import argparse
import json
import ssl
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--cert", required=True)
parser.add_argument("--key", required=True)
parser.add_argument("--log", required=True)
parser.add_argument("--user", default="bgp")
parser.add_argument("--password", default="s3cret")
parser.add_argument("--implicit-tls", action="store_true")
args = parser.parse_args()
lock = threading.Lock()


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args.user
          and auth_data.password.decode() == args.password)
    return AuthResult(success=ok, handled=False, auth_data=auth_data)


class Recorder:
    async def handle_DATA(self, server, session, envelope):
        record = {"user": session.auth_data.login.decode() if session.auth_data else "",
                  "from": envelope.mail_from, "to": envelope.rcpt_tos,
                  "message": envelope.original_content.decode("utf-8", "replace")}
        with lock, open(args.log, "a", encoding="utf-8") as log:
            log.write(json.dumps(record) + "\n")
        return "250 OK"


context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(args.cert, args.key)
common = dict(hostname="127.0.0.1", port=args.port, authenticator=authenticator,
              auth_required=True)
if args.implicit_tls:
    # aiosmtpd only counts STARTTLS as TLS for auth_require_tls; this connection is TLS
    # from its first byte.
    controller = Controller(Recorder(), ssl_context=context, auth_require_tls=False, **common)
else:
    controller = Controller(Recorder(), tls_context=context, require_starttls=True,
                            auth_require_tls=True, **common)
controller.start()
while True:
    time.sleep(3600)
