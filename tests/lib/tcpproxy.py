#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A TCP proxy on loopback, for the tests that cut a network without
closing it: a screen connects to the broker through it, and the test
freezes the proxy (kill -STOP its pid). The kernel keeps both TCP
connections open, nothing is forwarded either way, so neither end sees a
close: the broker fires no will, as with a cable pulled between two
switches. kill -CONT lets it forward again.

usage: tcpproxy.py PORTFILE HOST PORT

Listens on 127.0.0.1 at a free port, written to PORTFILE once it
listens; every connection is carried to HOST:PORT, byte for byte.

Must not: read, change or log what it carries; listen beyond loopback.
"""
import os
import socket
import sys
import threading


def pump(src, dst):
    """Copy src to dst until either end closes, then close both."""
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        s.close()


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: tcpproxy.py PORTFILE HOST PORT")
    portfile, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", 0))
    ls.listen(16)
    tmp = portfile + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % ls.getsockname()[1])
    os.rename(tmp, portfile)
    while True:
        client, _ = ls.accept()
        try:
            upstream = socket.create_connection((host, port))
        except OSError:
            client.close()
            continue
        for a, b in ((client, upstream), (upstream, client)):
            threading.Thread(target=pump, args=(a, b), daemon=True).start()


if __name__ == "__main__":
    main()
