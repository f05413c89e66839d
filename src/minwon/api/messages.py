"""The API's own message table (titles and details of problems), in Korean and English."""

from __future__ import annotations

from typing import Any

__all__ = ["message"]

MESSAGES: dict[str, dict[str, tuple[str, str]]] = {
    "unknown-service": {
        "ko": ("없는 서비스", "'{id}' 서비스를 찾을 수 없어요. /v1/services 에서 목록을 보세요."),
        "en": ("Unknown service", "There is no service '{id}'. See /v1/services for the list."),
    },
    "unknown-bundle": {
        "ko": (
            "없는 묶음 서비스",
            "'{id}' 묶음 서비스를 찾을 수 없어요. /v1/bundles 에서 목록을 보세요.",
        ),
        "en": ("Unknown bundle", "There is no bundle '{id}'. See /v1/bundles for the list."),
    },
    "invalid-request": {
        "ko": ("잘못된 요청", "요청 값 중 올바르지 않은 것이 있어요. errors 항목을 확인해 주세요."),
        "en": ("Invalid request", "Some values in the request are not valid; see 'errors'."),
    },
    "unsupported-language": {
        "ko": (
            "지원하지 않는 언어",
            "lang 은 ko 또는 en 이어야 해요. ('{value}' 은 지원하지 않아요)",
        ),
        "en": ("Unsupported language", "lang must be ko or en ('{value}' is not supported)."),
    },
    "not-found": {
        "ko": ("찾을 수 없음", "요청한 주소가 없어요."),
        "en": ("Not found", "Nothing is at this address."),
    },
    "method-not-allowed": {
        "ko": ("허용되지 않는 방법", "이 주소에서는 이 HTTP 메서드를 쓸 수 없어요."),
        "en": ("Method not allowed", "This HTTP method is not allowed here."),
    },
    "http-error": {
        "ko": ("요청 오류", "요청을 처리할 수 없어요."),
        "en": ("Request error", "The request could not be handled."),
    },
    "internal-error": {
        "ko": ("일시적인 오류", "잠시 후 다시 시도해 주세요. 입력하신 내용은 사라지지 않았어요."),
        "en": ("Temporary error", "Please try again shortly. Nothing you entered was lost."),
    },
}


def message(code: str, lang: str, **params: Any) -> tuple[str, str]:
    """(title, detail) for ``code`` in ``lang``, with ``params`` filled in."""
    table = MESSAGES.get(code, MESSAGES["http-error"])
    title, detail = table["en" if lang == "en" else "ko"]
    try:
        return title, detail.format(**params)
    except (KeyError, IndexError):
        return title, detail
