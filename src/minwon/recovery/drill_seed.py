"""Bulk applications for the full drill: a realistic database size to back up and restore."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Engine, insert

from minwon.applications.filing import RECEIPT_ALPHABET
from minwon.applications.models import Application, OutboxMessage, new_webhook_id
from minwon.crypto import FieldCipher, load_keyring
from minwon.sealing import JsonSealer

__all__ = ["seed_applications"]

BATCH = 5_000


def _rows(n: int, now: dt.datetime, sealer: JsonSealer) -> tuple[dict[str, Any], dict[str, Any]]:
    """One seeded application and its delivered outbox row."""
    application_id = str(uuid.uuid4())
    suffix = "".join(RECEIPT_ALPHABET[(n >> (5 * i)) % 32] for i in range(8))
    application = {
        "id": application_id,
        "receipt_no": f"MW-SEED-{suffix}",
        "service_id": "health-insurance-certificate",
        "agency_code": "nhis",
        "citizen_id": f"seed-{n % 5000}",
        "filed_by": f"seed-{n % 5000}",
        "status": "submitted",
        "catalog_version": "seed",
        "public_facts": {},
        "sealed_facts": sealer.seal({"n": n}, context=f"application:{application_id}:facts"),
        "submitted_at": now,
        "updated_at": now,
        "version": 1,
    }
    outbox = {
        "topic": "application.submitted",
        "key": application_id,
        "payload": {"application_id": application_id},
        "created_at": now,
        "dispatched_at": now,
        "attempts": 1,
        "webhook_id": new_webhook_id(),
        "agency_code": "nhis",
        "status": "delivered",
        "failures": 0,
    }
    return application, outbox


def seed_applications(engine: Engine, count: int) -> int:
    """``count`` delivered applications with sealed facts (development key), in batches."""
    sealer = JsonSealer(FieldCipher(load_keyring(None, None, environment="development")))
    now = dt.datetime.now(dt.UTC)
    made = 0
    while made < count:
        pairs = [_rows(n, now, sealer) for n in range(made, min(count, made + BATCH))]
        with engine.begin() as connection:
            connection.execute(insert(Application), [a for a, _ in pairs])
            connection.execute(insert(OutboxMessage), [o for _, o in pairs])
        made += len(pairs)
    return made
