"""How a notice is put to each channel: e-mail, and the WeCom, DingTalk and Feishu
group robots (their message layout, DingTalk's and Feishu's signatures, the
answer each gives).

Sending raises ``Undelivered`` when the notice certainly did not arrive (no
connection, the server refused it or answered an error): the worker tries again
later. It raises ``MaybeDelivered`` when the request went out and no answer came
back: the notice may have arrived, so the worker does not send it again by itself.
"""

import base64
import hashlib
import hmac
import http.client
import json
import smtplib
import time
import urllib.parse

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import translation
from django.utils.translation import gettext as _

from .models import RobotKind


class Undelivered(Exception):
    """The notice did not arrive; it may be sent again."""


class MaybeDelivered(Exception):
    """The request went out but no answer came: it may have arrived."""


def setting(name):
    return settings.LOGISTICS.get(name, DEFAULTS[name])


DEFAULTS = {
    # The site's address for links in e-mail and group messages ("" = relative).
    "SITE_URL": "",
    # Hosts a robot's webhook may point at (the administrator types the address).
    "ROBOT_HOSTS": (
        "qyapi.weixin.qq.com",
        "oapi.dingtalk.com",
        "open.feishu.cn",
        "open.larksuite.com",
    ),
    # Seconds to wait for a mail server or a chat app (a batch of 50 must finish
    # within the worker's lease, OUTBOX_LEASE_SECONDS).
    "SEND_TIMEOUT": 10,
}


def absolute(url):
    if not url or "://" in url:
        return url
    return setting("SITE_URL").rstrip("/") + url


def check_webhook(address):
    """ValueError unless ``address`` is an http(s) address on an allowed host."""
    parts = urllib.parse.urlsplit(address)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError(_("Give the full address, starting with https://."))
    if parts.hostname not in setting("ROBOT_HOSTS"):
        raise ValueError(
            _("Robots can only be reached at %(hosts)s.")
            % {"hosts": ", ".join(setting("ROBOT_HOSTS"))}
        )


# -- e-mail ------------------------------------------------------------------------


def send_email(*, address, title, body, url):
    text = f"{body}\n\n{absolute(url)}" if url else body
    try:
        connection = get_connection(
            fail_silently=False,
            timeout=settings.EMAIL_TIMEOUT or setting("SEND_TIMEOUT"),
        )
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        raise Undelivered(f"mail server: {error}") from error
    try:
        EmailMessage(title, text, None, [address], connection=connection).send()
    except (TimeoutError, smtplib.SMTPServerDisconnected) as error:
        raise MaybeDelivered(f"mail server: {error}") from error
    except (OSError, smtplib.SMTPException) as error:
        raise Undelivered(f"mail server: {error}") from error
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - closing a broken connection
            pass


# -- group robots ------------------------------------------------------------------


def robot_payload(kind, *, title, body, url, urgent):
    """The JSON each robot expects: a title, a short text and a link."""
    link = absolute(url)
    if urgent:
        title = _("[Urgent] %(title)s") % {"title": title}
    short = body if len(body) <= 300 else body[:299] + "…"
    open_label = _("Open")
    if kind == RobotKind.WECOM:
        lines = [f"**{title}**"]
        if short:
            lines.append(f"> {short}")
        if link:
            lines.append(f"[{open_label}]({link})")
        return {"msgtype": "markdown", "markdown": {"content": "\n".join(lines)}}
    if kind == RobotKind.DINGTALK:
        lines = [f"#### {title}"]
        if short:
            lines.append(short)
        if link:
            lines.append(f"[{open_label}]({link})")
        return {
            "msgtype": "markdown",
            "markdown": {"title": title, "text": "\n\n".join(lines)},
        }
    if kind == RobotKind.FEISHU:
        content = []
        if short:
            content.append([{"tag": "text", "text": short}])
        if link:
            content.append([{"tag": "a", "text": open_label, "href": link}])
        return {
            "msg_type": "post",
            "content": {"post": {"zh_cn": {"title": title, "content": content}}},
        }
    raise ValueError(kind)


def dingtalk_sign(secret, timestamp_ms):
    """DingTalk's 加签: base64(HMAC-SHA256(secret, "{timestamp}\\n{secret}"))."""
    text = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), text, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def feishu_sign(secret, timestamp_s):
    """Feishu's signature: base64(HMAC-SHA256 keyed by "{timestamp}\\n{secret}", of
    nothing)."""
    key = f"{timestamp_s}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


def signed(kind, webhook, secret, payload, *, now=None):
    """The address and payload with the robot's signature, where it has one."""
    now = time.time() if now is None else now
    if not secret:
        return webhook, payload
    if kind == RobotKind.DINGTALK:
        timestamp = int(now * 1000)
        query = urllib.parse.urlencode(
            {"timestamp": timestamp, "sign": dingtalk_sign(secret, timestamp)}
        )
        joiner = "&" if "?" in webhook else "?"
        return f"{webhook}{joiner}{query}", payload
    if kind == RobotKind.FEISHU:
        timestamp = int(now)
        return webhook, {
            **payload,
            "timestamp": str(timestamp),
            "sign": feishu_sign(secret, timestamp),
        }
    return webhook, payload


def send_to_robot(robot, *, title, body, url, urgent):
    """Post one notice to ``robot``; Undelivered / MaybeDelivered as above."""
    try:
        check_webhook(robot.webhook)
    except ValueError as error:
        raise Undelivered(str(error)) from error
    with translation.override(settings.LANGUAGE_CODE):
        payload = robot_payload(
            robot.kind, title=title, body=body, url=url, urgent=urgent
        )
    address, payload = signed(robot.kind, robot.webhook, robot.secret, payload)
    answer = post_json(address, payload)
    # WeCom and DingTalk answer {"errcode": 0}; Feishu {"code": 0} (or the older
    # {"StatusCode": 0}). Anything else is refused and did not reach the group.
    code = answer.get("errcode", answer.get("code", answer.get("StatusCode")))
    if code != 0:
        message = answer.get("errmsg") or answer.get("msg") or answer
        raise Undelivered(f"{robot.get_kind_display()}: {code} {message}")


def post_json(address, payload):
    parts = urllib.parse.urlsplit(address)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    connection_class = (
        http.client.HTTPSConnection
        if parts.scheme == "https"
        else http.client.HTTPConnection
    )
    connection = connection_class(
        parts.hostname, parts.port, timeout=setting("SEND_TIMEOUT")
    )
    body = json.dumps(payload, ensure_ascii=False).encode()
    try:
        # Until the request is written the server cannot have acted on it.
        try:
            connection.connect()
            connection.request(
                "POST",
                path,
                body=body,
                headers={"Content-Type": "application/json; charset=utf-8"},
            )
        except OSError as error:
            raise Undelivered(f"{parts.hostname}: {error}") from error
        try:
            response = connection.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException) as error:
            raise MaybeDelivered(f"{parts.hostname}: {error}") from error
    finally:
        connection.close()
    if response.status != 200:
        raise Undelivered(f"{parts.hostname}: HTTP {response.status}")
    try:
        return json.loads(raw or b"{}")
    except ValueError as error:
        raise Undelivered(f"{parts.hostname}: not JSON") from error
