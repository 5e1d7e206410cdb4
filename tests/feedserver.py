#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A feed server on loopback for the sync tests and the benchmark.

usage: feedserver.py DIR PORTFILE [PORT] [--tls CERT KEY]

Serves the files under DIR (no validators, unless a route below says so)
and these routes, on 127.0.0.1 at PORT (default: a free one), written to
PORTFILE:

  /etag.xml          ETag and Last-Modified; 304 when they match
  /gzip.xml          the body gzip-encoded when the client accepts it
  /redirect/N        N redirects (302), then /etag.xml
  /to-file           a redirect to file:///etc/passwd
  /moved             301 to /etag.xml
  /gone              410
  /status/N          that status (404, 500, ...)
  /busy              429 with Retry-After: 120
  /html              a 200 HTML page
  /stall             half a body, then nothing for 60 s
  /huge              2 GB of feed, streamed without a length
  /img/claims-huge.png  a PNG header claiming 20000 x 20000
  /charset/NAME/FILE the file DIR/FILE as text/xml; charset=NAME
  /slow/FILE         the file DIR/FILE after a second

Every request is appended to DIR/requests.log as "PATH ENCODING ETAG".
A request for an absolute URL (as a client sends to a proxy) is served
from its path and logged with "proxy:" before it. --tls serves HTTPS
with that certificate and key.
"""
import gzip
import http.server
import os
import socketserver
import struct
import sys
import time
import zlib

ROOT = sys.argv[1]
RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>آزمون</title>
<item><guid>etag-1</guid><title>خبر نخست با اعتبارسنج</title>
<link>http://example.ir/1</link><pubDate>Mon, 30 Nov 2026 10:00:00 GMT</pubDate>
<description>متن کوتاه خبر.</description></item>
</channel></rss>
"""


def png_header(w, h):
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk +
            struct.pack(">I", zlib.crc32(chunk)) + b"\0" * 64)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as separate writes

    def log_message(self, fmt, *args):
        pass

    def send(self, code, body=b"", ctype="application/rss+xml", headers=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, code, where):
        self.send(code, b"", "text/plain", [("Location", where)])

    def do_GET(self):
        enc = self.headers.get("Accept-Encoding", "")
        p = self.path
        proxied = "://" in p.split("/", 1)[0] or p.startswith("http://")
        if proxied:
            p = "/" + p.split("://", 1)[1].split("/", 1)[1]
        with open(os.path.join(ROOT, "requests.log"), "a") as log:
            log.write("%s%s %s %s\n" % ("proxy:" if proxied else "", p,
                                        "gzip" if "gzip" in enc else "-",
                                        self.headers.get("If-None-Match", "-")))
        body = RSS.encode()
        if p == "/etag.xml":
            if (self.headers.get("If-None-Match") == '"v1"' or
                    self.headers.get("If-Modified-Since") == "Mon, 30 Nov 2026 10:00:00 GMT"):
                return self.send(304, b"", headers=[("ETag", '"v1"')])
            return self.send(200, body, headers=[
                ("ETag", '"v1"'), ("Last-Modified", "Mon, 30 Nov 2026 10:00:00 GMT")])
        if p == "/gzip.xml":
            if "gzip" not in enc:
                return self.send(200, body)
            z = gzip.compress(body.replace(b"etag-1", b"gzip-1").replace(
                b"http://example.ir/1", b"http://example.ir/gzip").replace(
                "با اعتبارسنج".encode(), "فشرده".encode()))
            return self.send(200, z, headers=[("Content-Encoding", "gzip")])
        if p.startswith("/redirect/"):
            n = int(p.split("/")[2])
            return self.redirect(302, "/redirect/%d" % (n - 1) if n > 1 else "/etag.xml")
        if p == "/to-file":
            return self.redirect(302, "file:///etc/passwd")
        if p == "/moved":
            return self.redirect(301, "/etag.xml")
        if p == "/gone":
            return self.send(410, b"gone", "text/plain")
        if p.startswith("/status/"):
            return self.send(int(p.split("/")[2]), b"error page", "text/plain")
        if p == "/busy":
            return self.send(429, b"slow down", "text/plain", [("Retry-After", "120")])
        if p == "/html":
            return self.send(200, b"<!DOCTYPE html><html><body>login</body></html>",
                             "text/html")
        if p == "/stall":
            self.send_response(200)
            self.send_header("Content-Length", str(len(body) * 2))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            time.sleep(60)
            return None
        if p == "/huge":
            # No length: the client must stop it while streaming.
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            chunk = b"<!-- " + b"x" * 65526 + b" -->"
            try:
                for _ in range((2 << 30) // len(chunk)):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return None
        if p.startswith("/charset/"):
            _, _, name, rest = p.split("/", 3)
            with open(os.path.join(ROOT, os.path.basename(rest)), "rb") as f:
                return self.send(200, f.read(), "text/xml; charset=" + name)
        if p.startswith("/slow/"):
            time.sleep(1)
            with open(os.path.join(ROOT, os.path.basename(p[6:])), "rb") as f:
                return self.send(200, f.read(), "text/xml")
        if p == "/img/claims-huge.png":
            return self.send(200, png_header(20000, 20000), "image/png")
        path = os.path.normpath(os.path.join(ROOT, p.split("?", 1)[0].lstrip("/")))
        if not path.startswith(os.path.abspath(ROOT)) or not os.path.isfile(path):
            return self.send(404, b"not found", "text/plain")
        with open(path, "rb") as f:
            data = f.read()
        return self.send(200, data, "application/octet-stream")


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        # A client that hangs up mid-transfer (khabar aborting a body over
        # its size limit) is what the tests ask for, not a server error.
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


def main():
    args = sys.argv[3:]
    tls = None
    if "--tls" in args:
        i = args.index("--tls")
        tls = args[i + 1: i + 3]
        del args[i: i + 3]
    srv = Server(("127.0.0.1", int(args[0]) if args else 0), Handler)
    if tls:
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(tls[0], tls[1])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    tmp = sys.argv[2] + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(tmp, sys.argv[2])
    srv.serve_forever()


if __name__ == "__main__":
    main()
