"""A stand-in Plausible on 127.0.0.1 that records the events it receives."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class RecordingPlausible:
    def __init__(self):
        self.events = []
        self.received = threading.Condition()
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with recorder.received:
                    recorder.events.append(
                        {
                            "path": self.path,
                            "body": json.loads(body or b"{}"),
                            "user_agent": self.headers.get("User-Agent"),
                            "forwarded_for": self.headers.get("X-Forwarded-For"),
                        }
                    )
                    recorder.received.notify_all()
                self.send_response(202)
                self.end_headers()

            def do_GET(self):
                # The page script; an empty one is enough for a test.
                self.send_response(200)
                self.send_header("Content-Type", "text/javascript")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def wait_for(self, count, timeout=10):
        """Wait until ``count`` events have arrived (a condition, not a sleep)."""
        with self.received:
            self.received.wait_for(lambda: len(self.events) >= count, timeout=timeout)
        return list(self.events)
