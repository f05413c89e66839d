"""What the simulator has received: unique deliveries, duplicates, refusals."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Delivery", "SimState"]


@dataclass(frozen=True, slots=True)
class Delivery:
    webhook_id: str
    agency: str
    topic: str
    application_id: str | None
    receipt_no: str | None


@dataclass
class SimState:
    """Thread-safe counters and the set of deliveries, by ``webhook-id``."""

    deliveries: dict[str, Delivery] = field(default_factory=dict)
    duplicates: int = 0
    bad_signatures: int = 0
    failed_on_purpose: int = 0
    refused_while_down: int = 0
    callbacks_sent: int = 0
    callbacks_failed: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def accept(self, delivery: Delivery) -> bool:
        """Record a delivery; False (and a duplicate counted) when its id was seen before."""
        with self.lock:
            if delivery.webhook_id in self.deliveries:
                self.duplicates += 1
                return False
            self.deliveries[delivery.webhook_id] = delivery
            return True

    def count(self, name: str) -> None:
        with self.lock:
            setattr(self, name, getattr(self, name) + 1)

    def stats(self) -> dict[str, Any]:
        """Totals, and applications delivered under more than one webhook-id (doubled)."""
        with self.lock:
            per_application: dict[tuple[str, str], int] = {}
            for d in self.deliveries.values():
                if d.application_id:
                    key = (d.application_id, d.topic)
                    per_application[key] = per_application.get(key, 0) + 1
            return {
                "unique": len(self.deliveries),
                "duplicates": self.duplicates,
                "doubled": sum(1 for n in per_application.values() if n > 1),
                "bad_signatures": self.bad_signatures,
                "failed_on_purpose": self.failed_on_purpose,
                "refused_while_down": self.refused_while_down,
                "callbacks_sent": self.callbacks_sent,
                "callbacks_failed": self.callbacks_failed,
            }

    def receipts(self) -> list[dict[str, Any]]:
        with self.lock:
            return [
                {
                    "webhook_id": d.webhook_id,
                    "agency": d.agency,
                    "topic": d.topic,
                    "application_id": d.application_id,
                    "receipt_no": d.receipt_no,
                }
                for d in self.deliveries.values()
            ]
