"""The drill's load: citizens filing applications through the HTTP API, as a portal would.

Each citizen signs up, enrols an authenticator app, steps up, then files one application after
another through the conversation API. Every request carries its own ``Idempotency-Key`` and is
sent again with the same key after a 503 or a lost connection, as a careful client does: what
the gateway acknowledged (a receipt number) is what the drill later looks for on the survivor.
"""

from __future__ import annotations

import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import httpx
import pyotp
import yaml

__all__ = ["Acknowledged", "Citizen", "LoadRecord"]

RECEIPT = re.compile(r"MW-\d{8}-[A-Z2-9]{8}")
PASSWORD = "quiet lantern river meadow 7419"  # noqa: S105 — throwaway accounts of a drill


def _script() -> dict[str, Any]:
    text = (resources.files("minwon.recovery") / "data" / "drill_answers.yaml").read_text("utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


@dataclass(frozen=True, slots=True)
class Acknowledged:
    receipt_no: str
    conversation_id: str
    at: float  # when the acknowledgement arrived (epoch seconds)


@dataclass
class LoadRecord:
    """What every client saw, merged: acknowledgements, successes, answers by status."""

    acknowledged: list[Acknowledged] = field(default_factory=list)
    successes: list[float] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def saw(self, status: str, at: float, ok: bool) -> None:
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if ok:
                self.successes.append(at)

    def ack(self, item: Acknowledged) -> None:
        with self.lock:
            self.acknowledged.append(item)


class Citizen:
    """One client with its own cookies, filing until told to stop."""

    def __init__(self, base_url: str, number: int, record: LoadRecord, stop: threading.Event):
        self.http = httpx.Client(base_url=base_url, timeout=15)
        self.number, self.record, self.stop = number, record, stop
        self.csrf = ""
        self.script = _script()
        self.paused = threading.Event()
        # During a failover a stopped client still finishes its filing; at a site loss it
        # gives up at once (there is nothing left to answer it).
        self.abandon = False

    def close(self) -> None:
        self.http.close()

    # --- one request, sent until it gets a real answer ----------------------------------

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        key = str(uuid.uuid4())  # the same key on every retry of this one request
        deadline = time.monotonic() + 90  # longer than any failover the drill allows
        while time.monotonic() < deadline:
            if self.stop.is_set() and self.abandon:
                raise TimeoutError("the site is gone: the client stops")
            headers = {"Idempotency-Key": key, "X-CSRF-Token": self.csrf}
            try:
                response = self.http.request(method, path, json=body, headers=headers)
            except httpx.TransportError:
                self.record.saw("no-answer", time.time(), False)
                time.sleep(0.3)
                continue
            ok = response.status_code < 400
            self.record.saw(str(response.status_code), time.time(), ok)
            if ok:
                return dict(response.json())
            if response.status_code in (409, 500, 502, 503, 504):
                time.sleep(0.3)
                continue
            raise RuntimeError(f"{method} {path}: {response.status_code} {response.text[:200]}")
        raise TimeoutError(f"{method} {path}: no answer within 90 s")

    # --- the person ---------------------------------------------------------------------

    def sign_up(self) -> None:
        email = f"drill-{uuid.uuid4().hex[:10]}@example.kr"
        self.call(
            "POST",
            "/v1/accounts",
            {"email": email, "password": PASSWORD, "display_name": f"drill {self.number}"},
        )
        session = self.call("POST", "/v1/sessions", {"email": email, "password": PASSWORD})
        self.csrf = session["csrf_token"]
        secret = self.call("POST", "/v1/me/totp")["secret"]
        totp = pyotp.TOTP(secret)
        self.call("POST", "/v1/me/totp/confirm", {"code": totp.now()})
        # Each code works once: step up with the next step's code (one step of drift allowed).
        stepped = self.call("POST", "/v1/sessions/mfa/totp", {"code": totp.at(time.time() + 30)})
        self.csrf = stepped["csrf_token"]

    def _answer(self, body: dict[str, Any]) -> str:
        phase = body["phase"]
        if phase in ("proposed", "members"):
            return str(self.script["agree"])
        reply = body["reply"]
        if phase == "clarifying" and reply.get("quick_replies"):
            return str(reply["quick_replies"][0]["value"])
        if phase == "confirming":
            return str(self.script["confirm"])
        question = reply["form"][0]
        if question.get("options"):
            return str(question["options"][0]["value"])
        return str(self.script["answers"][question["type"]])

    def file_one(self) -> None:
        """One conversation from the request to its receipt."""
        body = self.call("POST", "/v1/conversations", {"text": self.script["request"]})
        conversation_id = body["conversation_id"]
        for _ in range(60):
            if body["phase"] == "submitted":
                found = RECEIPT.findall(body["reply"]["text"])
                for receipt in found:
                    self.record.ack(Acknowledged(receipt, conversation_id, time.time()))
                return
            text = self._answer(body)
            body = self.call(
                "POST", f"/v1/conversations/{conversation_id}/messages", {"text": text}
            )
        raise RuntimeError("the conversation did not reach a filing")

    def run(self) -> None:
        while not self.stop.is_set():
            if self.paused.is_set():
                time.sleep(0.1)
                continue
            self.file_one()
