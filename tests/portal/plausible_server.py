"""A stand-in Plausible on 127.0.0.1 that records every event it receives."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

WAIT_SECONDS = 30


class RecordingPlausible:
    """Answers each POST with the next of ``statuses`` (the last one repeats).

    With ``hang=True`` it holds every request until ``release()``: a slow server.
    """

    def __init__(self, statuses=(202,), hang=False):
        self.statuses = list(statuses)
        self.hang = hang
        self.received = []
        self.arrived = threading.Condition()
        self.released = threading.Event()
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                with recorder.arrived:
                    recorder.received.append(
                        {
                            "path": self.path,
                            "user_agent": self.headers.get("User-Agent"),
                            "forwarded_for": self.headers.get("X-Forwarded-For"),
                            "content_type": self.headers.get("Content-Type"),
                            "body": body,
                        }
                    )
                    index = len(recorder.received) - 1
                    recorder.arrived.notify_all()
                if recorder.hang:
                    recorder.released.wait(WAIT_SECONDS)
                status = recorder.statuses[min(index, len(recorder.statuses) - 1)]
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except OSError:
                    pass  # the client gave up waiting

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.released.set()
        self.server.shutdown()
        self.server.server_close()

    def release(self):
        self.released.set()

    def wait_for(self, count):
        """Wait until ``count`` requests have arrived; return them."""
        with self.arrived:
            if not self.arrived.wait_for(lambda: len(self.received) >= count, WAIT_SECONDS):
                raise AssertionError(f"{count} requests expected, {len(self.received)} arrived")
            return list(self.received)
