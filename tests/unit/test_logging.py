"""Logs never carry a resident registration number, a phone number or an address in clear."""

from __future__ import annotations

import io
import json
import logging
import sys

import pytest
import structlog

from minwon.logging import configure_logging, get_logger, redact_personal_data


def test_redaction_masks_numbers_anywhere_and_drops_personal_keys() -> None:
    event = {
        "event": "answer_rejected",
        "detail": "주민번호 900101-1234567, 연락처 010-1234-5678",
        "new_address": "서울특별시 마포구 월드컵북로 212",
        "nested": {"reporter_rrn": "9001011234567", "count": 3},
        "service_id": "move-in-report",
    }
    clean = redact_personal_data(None, "info", dict(event))
    text = json.dumps(clean, ensure_ascii=False)
    assert "1234567" not in text
    assert "1234-5678" not in text
    assert "월드컵북로" not in text
    assert clean["service_id"] == "move-in-report"
    assert clean["nested"]["count"] == 3


def test_a_configured_logger_writes_masked_json(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    structlog.reset_defaults()
    logging.getLogger().handlers.clear()
    configure_logging("INFO", json=True)
    structlog.configure(logger_factory=structlog.PrintLoggerFactory(file=stream))
    said = "제 번호는 010 9876 5432 이고 주민번호는 850505-2345678"
    get_logger("test").info("message_received", text=said)
    structlog.reset_defaults()
    line = stream.getvalue().strip().splitlines()[-1]
    record = json.loads(line)
    assert record["event"] == "message_received"
    assert "9876" not in line
    assert "2345678" not in line
