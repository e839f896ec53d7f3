#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Serves N loopback web sites for the link-check benchmark: one port each (a link checker
counts each port as a host), every path answering HEAD and GET with 200 and a small CSV.
Prints the first port; the sites use PORT ... PORT+N-1.

    link_sites.py N FIRST_PORT
"""
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Site(BaseHTTPRequestHandler):
    body = b"a,b\n1,2\n"

    def do_HEAD(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/csv")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()

    def do_GET(self):
        self.do_HEAD()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


def main():
    count, first = int(sys.argv[1]), int(sys.argv[2])
    servers = [ThreadingHTTPServer(("127.0.0.1", first + i), Site) for i in range(count)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    print(first, flush=True)
    threading.Event().wait()


main()
