"""The demo's sent mail, read back from the folder of Django's file-based e-mail backend
(EMAIL_FILE_PATH, var/mail/ in the dev settings). That backend writes one file per connection,
each message followed by a line of 79 dashes; every message here is one of those."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.utils import parsedate_to_datetime
from pathlib import Path

from django.conf import settings

SEPARATOR = b"\n" + b"-" * 79 + b"\n"
# The backend's own file names (`20260101-101500-140234.log`): nothing else is ever opened.
FILE_NAME = re.compile(r"^[0-9]{8}-[0-9]{6}-[0-9]+\.log$")


@dataclass(frozen=True)
class Mail:
    file_name: str
    index: int  # position of the message in its file
    subject: str
    to: str
    sent_at: object  # datetime, or None when the Date header is missing
    body: str


def mail_folder() -> Path | None:
    path = getattr(settings, "EMAIL_FILE_PATH", None)
    return Path(path) if path else None


def _messages_in(path: Path) -> list[Mail]:
    mails = []
    chunks = [chunk for chunk in path.read_bytes().split(SEPARATOR) if chunk.strip()]
    for index, chunk in enumerate(chunks):
        message = message_from_bytes(chunk.lstrip(b"\n"), policy=policy.default)
        body_part = message.get_body(preferencelist=("plain",)) if message.is_multipart() else message
        try:
            sent_at = parsedate_to_datetime(message["Date"]) if message["Date"] else None
        except (TypeError, ValueError):
            sent_at = None
        mails.append(
            Mail(
                file_name=path.name,
                index=index,
                subject=str(message["Subject"] or "(geen onderwerp)"),
                to=str(message["To"] or ""),
                sent_at=sent_at,
                body=body_part.get_content() if body_part is not None else "",
            )
        )
    return mails


def all_mail() -> list[Mail]:
    """Every message in the folder, the newest first."""
    folder = mail_folder()
    if folder is None or not folder.is_dir():
        return []
    files = sorted((p for p in folder.iterdir() if FILE_NAME.match(p.name)), reverse=True)
    mails = [mail for path in files for mail in reversed(_messages_in(path))]
    return mails


def one_mail(file_name: str, index: int) -> Mail | None:
    folder = mail_folder()
    if folder is None or not FILE_NAME.match(file_name):
        return None
    path = folder / file_name
    if not path.is_file():
        return None
    mails = _messages_in(path)
    return mails[index] if 0 <= index < len(mails) else None
