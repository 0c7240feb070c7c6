"""A local HTTP server (127.0.0.1 only) that records what robots are sent.

``answers``: what it says to each request in turn (status, JSON); once they run
out it answers like a robot that took the message.
"""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

OK = (200, {"errcode": 0, "errmsg": "ok"})


@dataclass
class Received:
    path: str
    query: dict
    headers: dict
    json: dict


@dataclass
class RobotEndpoint:
    answers: list = field(default_factory=list)
    received: list = field(default_factory=list)
    default: tuple = OK

    def start(self):
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length)
                parts = urlsplit(self.path)
                endpoint.received.append(
                    Received(
                        path=parts.path,
                        query={k: v[0] for k, v in parse_qs(parts.query).items()},
                        headers=dict(self.headers),
                        json=json.loads(raw or b"{}"),
                    )
                )
                status, answer = (
                    endpoint.answers.pop(0) if endpoint.answers else endpoint.default
                )
                body = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def url(self, path="/robot/send?access_token=abc123def456"):
        return f"http://127.0.0.1:{self.server.server_port}{path}"
