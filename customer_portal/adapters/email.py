"""Email senders: Resend when RESEND_API_KEY is set, SMTP when SMTP_HOST is set, otherwise the local outbox.

Every sender takes a batch of messages and one idempotency key for it, and says per batch whether it
went, may be retried (429, 5xx, network) or was refused for good.
"""

from __future__ import annotations

import base64
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, parseaddr
from typing import Protocol

import resend
import resend.exceptions

from customer_portal.settings import Settings


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class OutgoingEmail:
    to: str
    subject: str
    text: str
    html: str
    sender_name: str = ""
    reply_to: str = ""
    unsubscribe_url: str = ""  # an optional email's one-click unsubscribe (RFC 8058)
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)

    @property
    def headers(self) -> dict[str, str]:
        if not self.unsubscribe_url:
            return {}
        return {"List-Unsubscribe": f"<{self.unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


class RetryableSendError(Exception):
    """Try again later; `retry_after` seconds when the provider said so."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PermanentSendError(Exception):
    """The provider refused the message(s); sending again would not help."""


class EmailSender(Protocol):
    name: str
    max_batch: int
    min_interval_seconds: float  # the provider's rate limit, as a pause between requests

    def send_batch(self, messages: list[OutgoingEmail], *, idempotency_key: str) -> list[str]:
        """Send all messages or raise; returns the provider's message ids in order."""
        ...


def _from_header(default_from: str, sender_name: str) -> str:
    name, address = parseaddr(default_from)
    return formataddr((sender_name or name, address))


class ResendSender:
    name = "resend"
    max_batch = 100
    # Resend allows 2 requests per second per team; a 10% margin absorbs jitter between our clock and theirs.
    min_interval_seconds = 0.55

    def __init__(self, *, api_key: str, default_from: str, api_url: str = "") -> None:
        self._api_key, self._from, self._api_url = api_key, default_from, api_url

    def _params(self, message: OutgoingEmail) -> dict:
        params = {
            "from": _from_header(self._from, message.sender_name),
            "to": [message.to],
            "subject": message.subject,
            "text": message.text,
            "html": message.html,
        }
        if message.reply_to:
            params["reply_to"] = message.reply_to
        if message.headers:
            params["headers"] = message.headers
        if message.attachments:  # the outbox sends these alone: the batch endpoint drops attachments
            params["attachments"] = [
                {
                    "filename": item.filename,
                    "content": base64.b64encode(item.content).decode("ascii"),
                    "content_type": item.content_type,
                }
                for item in message.attachments
            ]
        return params

    def send_batch(self, messages: list[OutgoingEmail], *, idempotency_key: str) -> list[str]:
        resend.api_key = self._api_key
        if self._api_url:
            resend.api_url = self._api_url  # read on every request (only tests point it elsewhere)
        try:
            if len(messages) == 1:
                sent = resend.Emails.send(self._params(messages[0]), {"idempotency_key": idempotency_key})
                return [sent["id"]]
            response = resend.Batch.send([self._params(m) for m in messages], {"idempotency_key": idempotency_key})
            return [item["id"] for item in response["data"]]
        except resend.exceptions.ResendError as error:
            raise _classify(error) from error


def _classify(error: resend.exceptions.ResendError) -> Exception:
    try:
        code = int(error.code)
    except (TypeError, ValueError):
        code = 500
    message = f"Resend {code}: {error.message}"
    if code == 429 or code >= 500:
        retry_after = error.headers.get("retry-after") or error.headers.get("Retry-After")
        try:
            return RetryableSendError(message, float(retry_after) if retry_after else None)
        except ValueError:
            return RetryableSendError(message)
    return PermanentSendError(message)


class SmtpSender:
    name = "smtp"
    max_batch = 1  # SMTP has no idempotency keys: one message per attempt keeps a resend to one message
    min_interval_seconds = 0.0

    def __init__(self, *, host: str, port: int, user: str, password: str, default_from: str) -> None:
        self._host, self._port, self._user, self._password, self._from = host, port, user, password, default_from

    def send_batch(self, messages: list[OutgoingEmail], *, idempotency_key: str) -> list[str]:
        try:
            with smtplib.SMTP(self._host, self._port, timeout=30) as connection:
                if connection.has_extn("starttls"):
                    connection.starttls(context=ssl.create_default_context())
                if self._user:
                    connection.login(self._user, self._password)
                for message in messages:
                    connection.send_message(self._mime(message, idempotency_key))
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
            raise PermanentSendError(f"SMTP refused the message: {error}") from error
        except (smtplib.SMTPException, OSError) as error:
            raise RetryableSendError(f"SMTP unavailable: {error}") from error
        return [f"smtp-{idempotency_key}" for _ in messages]

    def _mime(self, message: OutgoingEmail, idempotency_key: str) -> EmailMessage:
        mime = EmailMessage()
        mime["From"] = _from_header(self._from, message.sender_name)
        mime["To"] = message.to
        mime["Subject"] = message.subject
        mime["Message-ID"] = f"<{idempotency_key}@{self._host}>"
        if message.reply_to:
            mime["Reply-To"] = message.reply_to
        for name, value in message.headers.items():
            mime[name] = value
        mime.set_content(message.text)
        mime.add_alternative(message.html, subtype="html")
        for item in message.attachments:
            main, _, sub = item.content_type.partition("/")
            mime.add_attachment(item.content, maintype=main, subtype=sub, filename=item.filename)
        return mime


class LocalOutboxSender:
    """No provider configured: messages stay in the outbox, readable by staff in the admin."""

    name = "local"
    max_batch = 100
    min_interval_seconds = 0.0

    def send_batch(self, messages: list[OutgoingEmail], *, idempotency_key: str) -> list[str]:
        return [f"local-{idempotency_key}-{index}" for index, _ in enumerate(messages)]


def emails_leave_the_server(config: Settings) -> bool:
    """False when no provider is configured: every message stays in the local outbox, unsent."""
    return bool(config.resend_api_key or config.smtp_host)


def sender_from_settings(config: Settings) -> EmailSender:
    if config.resend_api_key:
        return ResendSender(
            api_key=config.resend_api_key, default_from=config.email_from, api_url=config.resend_api_url
        )
    if config.smtp_host:
        return SmtpSender(
            host=config.smtp_host,
            port=config.smtp_port,
            user=config.smtp_user,
            password=config.smtp_password,
            default_from=config.email_from,
        )
    return LocalOutboxSender()
