"""In-app notices: what happened to an account that its holder must hear about.

There is no e-mail or SMS channel yet, so a notice waits in the app until the person signs
in and reads it; the use cases that write one say so rather than promise a message.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from minwon.db import session_scope
from minwon.identity.errors import NotificationNotFoundError
from minwon.identity.events import new_id
from minwon.identity.models import Notification
from minwon.identity.runtime import IdentityRuntime
from minwon.identity.schemas import NotificationView, SessionContext

__all__ = ["list_notifications", "mark_notification_read", "notify"]

MAX_LISTED = 100


def notify(session: Session, account_id: str, code: str, at: dt.datetime, **params: Any) -> None:
    """Leave a notice for ``account_id`` in the caller's transaction.

    ``params`` fill in the message ``code``; they hold dates, names and opaque ids only.
    """
    session.add(
        Notification(id=new_id(), account_id=account_id, code=code, params=params, created_at=at)
    )


def _view(row: Notification) -> NotificationView:
    return NotificationView(
        id=row.id,
        code=row.code,
        params=dict(row.params),
        created_at=row.created_at,
        read_at=row.read_at,
    )


def list_notifications(rt: IdentityRuntime, ctx: SessionContext) -> list[NotificationView]:
    """Use case: the account's notices, newest first (the latest hundred)."""
    with session_scope(rt.db) as session:
        rows = session.scalars(
            select(Notification)
            .where(Notification.account_id == ctx.account_id)
            .order_by(Notification.created_at.desc(), Notification.id)
            .limit(MAX_LISTED)
        )
        return [_view(row) for row in rows]


def mark_notification_read(rt: IdentityRuntime, ctx: SessionContext, notification_id: str) -> None:
    """Use case: the person has read a notice (reading it twice is fine)."""
    with session_scope(rt.db) as session:
        row = session.get(Notification, notification_id)
        if row is None or row.account_id != ctx.account_id:
            raise NotificationNotFoundError()
        row.read_at = row.read_at or rt.now()
