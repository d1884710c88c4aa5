#!/usr/bin/python3
"""A real SMTP server on loopback for tests: aiosmtpd (Debian: python3-aiosmtpd).

Writes every accepted message to OUT/<n>.eml (the raw DATA bytes, dot-unstuffed) and
OUT/<n>.json (mail_from, rcpt_tos, tls, authenticated, user). Both are written to a temporary
file and renamed, so a reader never sees half a message; the .eml lands before the .json.

    smtp_sink.py PORT --out DIR [--auth USER:PASS] [--auth-exclude MECH ...]
                 [--tls-cert CERT --tls-key KEY [--require-starttls]] [--fail-first N]
    smtp_sink.py PORT --out DIR --silent     (accepts connections and never answers)

--exit-on-stdin-eof stops the server when its stdin closes (the test process died).

PORT 0 picks a free port. The first line on stdout is `listening HOST PORT` (HOST is
127.0.0.1 unless --host says otherwise).
Runs until killed.
"""

import argparse
import asyncio
import json
import logging
import os
import signal
import ssl
import sys
import warnings

try:
    from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword
except ImportError:
    sys.stderr.write("smtp_sink.py needs aiosmtpd: apt-get install python3-aiosmtpd\n")
    sys.exit(3)


def write_atomically(path, data):
    temporary = path + ".tmp"
    with open(temporary, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.rename(temporary, path)


class Sink:
    def __init__(self, out, fail_first):
        self.out = out
        self.fail_remaining = fail_first
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        if self.fail_remaining > 0:
            self.fail_remaining -= 1
            return "451 4.3.0 try again later"
        self.count += 1
        base = os.path.join(self.out, str(self.count))
        content = envelope.original_content or b""
        write_atomically(base + ".eml", content)
        auth = session.auth_data
        login = auth.login if isinstance(auth, LoginPassword) else None
        sidecar = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "mail_options": list(envelope.mail_options),
            "tls": session.ssl is not None,
            "authenticated": bool(session.authenticated),
            "user": login.decode("utf-8", "replace") if isinstance(login, bytes) else login,
        }
        write_atomically(base + ".json", json.dumps(sidecar, indent=2).encode("utf-8"))
        return "250 2.0.0 OK queued as %d" % self.count


class Authenticator:
    def __init__(self, user, password):
        self.user = user.encode("utf-8")
        self.password = password.encode("utf-8")

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == self.user and auth_data.password == self.password)
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


def main():
    # A child inherits its parent's signal mask; a test runner's threads often block SIGTERM.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    parser = argparse.ArgumentParser(description="SMTP sink for tests")
    parser.add_argument("port", type=int, help="port to listen on; 0 picks a free one")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--out", required=True, help="directory for <n>.eml and <n>.json")
    parser.add_argument("--auth", help="USER:PASS; AUTH is then required before MAIL")
    parser.add_argument("--auth-exclude", action="append", default=[],
                        help="an AUTH mechanism not to offer (e.g. PLAIN)")
    parser.add_argument("--tls-cert", help="PEM certificate; STARTTLS is offered")
    parser.add_argument("--tls-key", help="PEM private key of --tls-cert")
    parser.add_argument("--require-starttls", action="store_true")
    parser.add_argument("--fail-first", type=int, default=0,
                        help="answer the first N DATA with 451")
    parser.add_argument("--silent", action="store_true",
                        help="accept connections but never answer (for client timeouts)")
    parser.add_argument("--exit-on-stdin-eof", action="store_true",
                        help="stop when stdin closes, so a killed test run leaves no server behind")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    tls_context = None
    if args.tls_cert:
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.tls_cert, args.tls_key)

    # Requiring AUTH without TLS is the point on loopback; aiosmtpd warns about it.
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    options = dict(hostname="sink.localhost", tls_context=tls_context,
                   require_starttls=bool(tls_context and args.require_starttls),
                   auth_require_tls=False, auth_exclude_mechanism=args.auth_exclude)
    if args.auth:
        user, _, password = args.auth.partition(":")
        options.update(authenticator=Authenticator(user, password), auth_required=True)

    sink = Sink(args.out, args.fail_first)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    if args.silent:
        factory = asyncio.Protocol
    else:
        def factory():
            return SMTP(sink, loop=loop, **options)
    server = loop.run_until_complete(loop.create_server(factory, host=args.host, port=args.port))
    port = server.sockets[0].getsockname()[1]
    print("listening %s %d" % (args.host, port), flush=True)

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, loop.stop)
    if args.exit_on_stdin_eof:
        def stdin_readable():
            if not os.read(sys.stdin.fileno(), 4096):
                loop.stop()
        loop.add_reader(sys.stdin.fileno(), stdin_readable)
    try:
        loop.run_forever()
    finally:
        server.close()


if __name__ == "__main__":
    main()
