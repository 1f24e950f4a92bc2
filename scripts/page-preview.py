#!/usr/bin/env python3
"""TEST-ONLY stand-in for `landscape serve`, for developing the explorer page and running
scripts/browser-test.py until the real server lands. Do not use it for anything else: it has
none of serve's security (no token, no Host or Origin checks, no limits).

Serves the page held in Sources/landscape/ExplorerPage.swift at `/` on 127.0.0.1, and answers
`POST /api/<command>` with a JSON object of options (keys without dashes, `true` for a flag) by
running `landscape <command> --KEY VALUE ... --json` in the --models folder and returning its
stdout (its first stderr line as {"error": ...} with status 400 when it fails). `GET /api/files`
lists the folder's models, data and logs; `GET /api/file?path=P` returns a log's text.

    python3 scripts/page-preview.py --binary .build/debug/landscape --models . --port 8765
"""
import argparse
import json
import os
import re
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def page_html():
    """The HTML between `#\"\"\"` and `\"\"\"#` in ExplorerPage.swift."""
    with open(os.path.join(ROOT, "Sources", "landscape", "ExplorerPage.swift")) as file:
        source = file.read()
    return re.search(r'#"""\n(.*?)\n"""#', source, re.S).group(1)


def command_line(binary, command, options):
    arguments = [binary, command]
    for key, value in options.items():
        if value is True:
            arguments.append("--" + key)
        elif value is not False and value is not None:
            arguments += ["--" + key, str(value)]
    return arguments + ["--json"]


def list_files(folder):
    found = {"models": [], "data": [], "logs": []}
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if not os.path.isfile(path):
            continue
        if name.endswith(".json"):
            found["models"].append(name)
        elif name.endswith(".csv"):
            with open(path) as file:
                header = file.readline()
            found["logs" if header.startswith("epoch,") else "data"].append(name)
    return found


def handler(binary, folder):
    class Handler(BaseHTTPRequestHandler):
        def answer(self, status, body, kind="application/json"):
            data = body.encode() if isinstance(body, str) else body
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            url = urlparse(self.path)
            if url.path == "/":
                self.answer(200, page_html(), "text/html; charset=utf-8")
            elif url.path == "/api/files":
                self.answer(200, json.dumps(list_files(folder)))
            elif url.path == "/api/file":
                name = parse_qs(url.query).get("path", [""])[0]
                if name not in list_files(folder)["logs"]:
                    self.answer(404, json.dumps({"error": "no such log"}))
                    return
                with open(os.path.join(folder, name)) as file:
                    self.answer(200, file.read(), "text/csv")
            else:
                self.answer(404, json.dumps({"error": "not found"}))

        def do_POST(self):
            url = urlparse(self.path)
            if not url.path.startswith("/api/"):
                self.answer(404, json.dumps({"error": "not found"}))
                return
            options = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            run = subprocess.run(command_line(binary, url.path[len("/api/"):], options),
                                 cwd=folder, capture_output=True, text=True)
            if run.returncode == 0:
                self.answer(200, run.stdout)
            else:
                lines = run.stderr.strip().splitlines() or ["exit status %d" % run.returncode]
                self.answer(400, json.dumps({"error": lines[0].removeprefix("error: ")}))

        def log_message(self, *args):
            pass

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "debug", "landscape"))
    parser.add_argument("--models", default=".")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port),
                                 handler(os.path.abspath(args.binary), os.path.abspath(args.models)))
    print("page preview (test only) at http://127.0.0.1:%d/" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
