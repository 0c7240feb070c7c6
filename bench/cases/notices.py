"""The notice worker: 1,000 queued group messages sent to a local endpoint.

The baseline posts the same 1,000 messages straight to the endpoint with the
robot channel's own function (no database): the ratio is what the outbox adds
(claiming in batches, marking each row). Peak memory of sending 1,000 beside
sending 100 shows that the worker reads the outbox a batch at a time: reading
it whole would make the first about ten times the second. At each scale the
outbox also holds as many old, sent rows as the scale, which the worker must
not read at all.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.conf import settings
from django.test import override_settings

from bench.harness import case, peak_bytes

BATCH = 1_000


class _Robot(BaseHTTPRequestHandler):
    """Answers like a WeCom robot that took the message."""

    protocol_version = "HTTP/1.0"

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = json.dumps({"errcode": 0, "errmsg": "ok"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@case("core.notices", user="admin")
def notice_worker(bench):
    from logistics.notices import channels
    from logistics.notices.delivery import outbox_deliver
    from logistics.notices.models import Channel, OutboxMessage, Robot, RobotKind

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Robot)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    webhook = f"http://127.0.0.1:{server.server_port}/cgi-bin/webhook/send?key=bench"
    local = {**settings.LOGISTICS, "ROBOT_HOSTS": ("127.0.0.1",)}
    try:
        with override_settings(LOGISTICS=local):
            robot, _created = Robot.objects.get_or_create(
                school=bench.school,
                name="bench",
                defaults={"kind": RobotKind.WECOM, "webhook": webhook},
            )
            Robot.objects.filter(pk=robot.pk).update(webhook=webhook)
            robot.webhook = webhook
            _history(bench, robot, OutboxMessage, Channel)

            def direct():
                for n in range(BATCH):
                    channels.send_to_robot(
                        robot,
                        title=f"报修 {n} 已派单",
                        body="1号楼",
                        url="/",
                        urgent=False,
                    )

            def queue(count):
                OutboxMessage.objects.bulk_create(
                    OutboxMessage(
                        school=bench.school,
                        channel=Channel.ROBOT,
                        robot=robot,
                        title=f"报修 {n} 已派单",
                        body="1号楼",
                        url="/",
                    )
                    for n in range(count)
                )

            def send(count):
                def run():
                    queue(count)
                    done = outbox_deliver()
                    if done["sent"] != count:
                        raise RuntimeError(f"sent {done['sent']} of {count}")

                return run

            baseline = bench.timed(
                "1,000 messages posted straight to the endpoint", direct, memory=True
            )
            yield baseline
            for count, label in ((BATCH, "1,000"), (100, "100")):
                figure = bench.timed(
                    f"worker: queue {label} and send them",
                    send(count),
                    baseline=baseline if count == BATCH else None,
                )
                # Memory of the sending alone (queueing builds the rows in memory).
                queue(count)
                figure.peak_bytes = peak_bytes(outbox_deliver)
                yield figure
    finally:
        server.shutdown()
        server.server_close()


def _history(bench, robot, OutboxMessage, Channel):
    """As many sent rows as the scale, once: an outbox with a past."""
    have = OutboxMessage.objects.filter(school=bench.school, status="sent").count()
    missing = bench.scale - have
    if missing <= 0:
        return
    for start in range(0, missing, 5_000):
        OutboxMessage.objects.bulk_create(
            OutboxMessage(
                school=bench.school,
                channel=Channel.ROBOT,
                robot=robot,
                title="旧通知",
                status="sent",
            )
            for _n in range(min(5_000, missing - start))
        )
