"""Webhook fan-out figure (issue 18), run inside a bench instance (bench/early_warning.py):

- webhook_fanout_per_s: deliveries per second from `alerts.webhooks.deliver_due` (one worker, its 8 sender
  threads) to a local receiver in another process that answers 200 at once: 10 subscriptions x 300 events =
  3,000 signed POSTs, from queued to all delivered.
- webhook_publish_per_s: deliveries queued per second by `webhooks.publish` (matching and the bulk insert).
Numbers, never pass/fail (docs/benchmarks.md).
"""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Any

SUBSCRIPTIONS = 10
EVENTS = 300

_RECEIVER = """
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *args):
        pass

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
"""


def measure() -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from waspada.alerts import services, webhooks
    from waspada.alerts.models import DeliveryStatus, WebhookDelivery

    receiver = subprocess.Popen([sys.executable, "-c", _RECEIVER], stdout=subprocess.PIPE, text=True)
    try:
        assert receiver.stdout is not None
        port = int(receiver.stdout.readline())
        user = get_user_model().objects.create_user(username="bench-hooks", role="national_admin")
        for n in range(SUBSCRIPTIONS):
            services.create_subscription(user, name=f"receiver {n}", url=f"http://127.0.0.1:{port}/hook/{n}")
        started = time.perf_counter()
        for n in range(EVENTS):
            webhooks.publish("alert.raised", {"alert": n, "level": "siaga"}, region_code="32.73", level="siaga")
        queued_s = time.perf_counter() - started
        total = SUBSCRIPTIONS * EVENTS
        started = time.perf_counter()
        while WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING).exists():
            webhooks.deliver_due()
        sent_s = time.perf_counter() - started
        delivered = WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).count()
    finally:
        receiver.terminate()
        receiver.wait()
    return {"webhook_fanout_per_s": round(delivered / sent_s, 1), "webhook_publish_per_s": round(total / queued_s, 1),
            "webhook_deliveries": delivered, "webhook_queued": total}  # fmt: skip
