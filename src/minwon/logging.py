"""Structured logging with a redaction processor: logs never carry personal data in clear."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

__all__ = ["configure_logging", "get_logger", "redact_personal_data"]

# 주민등록번호 / 외국인등록번호: 6 digits, optional hyphen, 7 digits.
RRN = re.compile(r"(?<!\d)(\d{6})[-\s]?([1-8])\d{6}(?!\d)")
# Korean mobile numbers, with or without hyphens.
MOBILE = re.compile(r"(?<!\d)01[016789][-\s]?\d{3,4}[-\s]?(\d{4})(?!\d)")
# Keys whose values are personal data whatever they look like.
PERSONAL_KEYS = re.compile(r"(address|addr|rrn|frn|mobile|phone|name|email|account)", re.IGNORECASE)


def _mask_text(text: str) -> str:
    text = RRN.sub(r"\1-\2******", text)
    return MOBILE.sub(r"***-****-\1", text)


def _mask(value: Any) -> Any:
    if isinstance(value, str):
        return _mask_text(value)
    if isinstance(value, dict):
        return {
            k: "[redacted]" if PERSONAL_KEYS.search(str(k)) else _mask(v) for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [_mask(v) for v in value]
    return value


def redact_personal_data(
    _logger: Any, _method: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """structlog processor: mask RRNs and phone numbers anywhere, drop values of personal keys."""
    for key in list(event):
        if key != "event" and PERSONAL_KEYS.search(key):
            event[key] = "[redacted]"
        else:
            event[key] = _mask(event[key])
    return event


def configure_logging(level: str = "INFO", json: bool = False) -> None:
    """Configure structlog and the standard library logging once, at an entry point."""
    logging.basicConfig(format="%(message)s", stream=sys.stderr, level=level)
    renderer: Any = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            redact_personal_data,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        cache_logger_on_first_use=True,
    )


def get_logger(name: str | None = None) -> Any:
    """A structlog logger; every event passes through the redaction processor."""
    return structlog.get_logger(name)
