"""The API's own message table (titles and details of problems), in Korean and English."""

from __future__ import annotations

from typing import Any

__all__ = ["message"]

MESSAGES: dict[str, dict[str, tuple[str, str]]] = {
    "application-not-found": {
        "ko": ("신청을 찾을 수 없음", "해당 신청을 찾을 수 없어요."),
        "en": ("Application not found", "There is no such application."),
    },
    "conversation-not-found": {
        "ko": ("대화를 찾을 수 없음", "해당 대화를 찾을 수 없어요. 새 대화를 시작해 주세요."),
        "en": ("Conversation not found", "There is no such conversation. Please start a new one."),
    },
    "reason-required": {
        "ko": ("사유 필요", "이 처리는 사유를 적어야 해요. 사유는 기록되고 신청인에게 보여요."),
        "en": (
            "Reason required",
            "This action needs a written reason; it is recorded and shown to the applicant.",
        ),
    },
    "invalid-transition": {
        "ko": ("처리할 수 없는 상태", "신청이 지금 상태에서는 그렇게 처리될 수 없어요."),
        "en": ("Not possible now", "The application cannot move that way from its current status."),
    },
    "not-claimed": {
        "ko": ("담당 지정 필요", "먼저 이 신청의 담당자로 지정(claim)해 주세요."),
        "en": ("Claim it first", "Claim the application before deciding on it."),
    },
    "edit-conflict": {
        "ko": (
            "동시 수정",
            "같은 내용이 동시에 바뀌었어요. 다시 시도해 주세요. 입력하신 내용은 사라지지 않았어요.",
        ),
        "en": (
            "Edited at the same time",
            "This was changed at the same time elsewhere. Please try again; nothing was lost.",
        ),
    },
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
    "malformed-request": {
        "ko": ("읽을 수 없는 요청", "요청 본문을 읽을 수 없어요. UTF-8 JSON으로 보내 주세요."),
        "en": ("Unreadable request", "The request body could not be read; send UTF-8 JSON."),
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
    # --- identity (accounts, sessions, second factors) ---
    "account-exists": {
        "ko": (
            "이미 있는 계정",
            "이 이메일 주소로 만든 계정이 이미 있어요. 로그인하거나 다른 주소를 써 주세요.",
        ),
        "en": (
            "Account exists",
            "An account with this e-mail address already exists. Sign in, or use another address.",
        ),
    },
    "password-too-short": {
        "ko": (
            "비밀번호가 짧아요",
            "비밀번호는 8자 이상이어야 해요. 긴 문장처럼 외우기 쉬운 비밀번호를 권해요.",
        ),
        "en": (
            "Password too short",
            "Use at least 8 characters. A long phrase you can remember works well.",
        ),
    },
    "password-too-long": {
        "ko": ("비밀번호가 너무 길어요", "비밀번호는 128자까지 쓸 수 있어요."),
        "en": ("Password too long", "Passwords can be up to 128 characters."),
    },
    "password-common": {
        "ko": (
            "쉽게 알려진 비밀번호",
            "많이 쓰이거나 반복·연속된 비밀번호라 쓸 수 없어요. 다른 비밀번호를 골라 주세요.",
        ),
        "en": (
            "Password too common",
            "This password is widely used or repetitive, so attackers try it first. Choose another.",
        ),
    },
    "password-context": {
        "ko": (
            "추측하기 쉬운 비밀번호",
            "이메일 주소, 이름이나 서비스 이름이 들어간 비밀번호는 쓸 수 없어요.",
        ),
        "en": (
            "Password too guessable",
            "Passwords may not contain your e-mail address, your name or the service's name.",
        ),
    },
    "sign-in-failed": {
        "ko": ("로그인 실패", "이메일 주소나 비밀번호가 맞지 않아요."),
        "en": ("Sign-in failed", "The e-mail address or password is not right."),
    },
    "too-many-attempts": {
        "ko": ("시도 횟수 초과", "실패가 너무 많아요. 잠시 후 다시 시도해 주세요."),
        "en": ("Too many attempts", "Too many failed attempts. Please try again a little later."),
    },
    "sign-in-required": {
        "ko": ("로그인 필요", "로그인이 필요하거나 로그인 시간이 끝났어요. 다시 로그인해 주세요."),
        "en": ("Sign-in required", "Please sign in (again): there is no session, or it has ended."),
    },
    "session-not-found": {
        "ko": ("없는 로그인 기기", "이 계정에 그런 로그인 기기(세션)가 없어요."),
        "en": ("Unknown session", "This account has no such session."),
    },
    "step-up-required": {
        "ko": (
            "추가 인증 필요",
            "이 일을 하려면 인증 앱, 패스키 또는 복구 코드로 한 번 더 인증해 주세요.",
        ),
        "en": (
            "Extra verification needed",
            "Please verify again with your authenticator app, a passkey or a recovery code.",
        ),
    },
    "csrf-failed": {
        "ko": (
            "요청 확인 실패",
            "요청에 보안 토큰(X-CSRF-Token)이 없거나 맞지 않아요. 페이지를 새로 고쳐 주세요.",
        ),
        "en": (
            "Request not verified",
            "The request lacked a valid X-CSRF-Token. Reload the page and try again.",
        ),
    },
    "second-factor-invalid": {
        "ko": ("인증 실패", "코드나 패스키 확인에 실패했어요. 다시 시도해 주세요."),
        "en": (
            "Verification failed",
            "The code or passkey could not be verified. Please try again.",
        ),
    },
    "code-already-used": {
        "ko": (
            "이미 쓴 코드",
            "이 코드는 이미 쓰였어요. 인증 앱에 새 코드가 나오면 그 코드를 입력해 주세요.",
        ),
        "en": (
            "Code already used",
            "This code was already used. Wait for the next code in your app.",
        ),
    },
    "second-factor-locked": {
        "ko": (
            "인증 잠김",
            "인증에 10번 실패해서 10분 동안 잠겼어요. 패스키가 있으면 패스키로 인증할 수 있어요.",
        ),
        "en": (
            "Verification locked",
            "After 10 failed attempts, codes are locked for 10 minutes. A passkey still works.",
        ),
    },
    "totp-not-enrolled": {
        "ko": ("인증 앱 없음", "이 계정에는 등록된 인증 앱이 없어요."),
        "en": ("No authenticator app", "This account has no authenticator app."),
    },
    "totp-already-enrolled": {
        "ko": (
            "인증 앱 이미 등록됨",
            "인증 앱이 이미 있어요. 바꾸려면 먼저 지금 앱을 지워 주세요.",
        ),
        "en": (
            "App already set up",
            "An authenticator app is already set up. Remove it first to change it.",
        ),
    },
    "no-pending-enrolment": {
        "ko": ("등록 중인 인증 앱 없음", "먼저 인증 앱 등록을 시작해 주세요."),
        "en": ("Nothing to confirm", "Start setting up an authenticator app first."),
    },
    "passkey-not-found": {
        "ko": ("없는 패스키", "이 계정에 그런 패스키가 없어요."),
        "en": ("Unknown passkey", "This account has no such passkey."),
    },
    "passkey-rejected": {
        "ko": ("패스키 확인 실패", "패스키를 확인하지 못했어요. 다시 시도해 주세요."),
        "en": (
            "Passkey not accepted",
            "The passkey response could not be verified. Please try again.",
        ),
    },
    "challenge-invalid": {
        "ko": ("만료된 요청", "패스키 요청이 만료되었거나 이미 쓰였어요. 처음부터 다시 해 주세요."),
        "en": (
            "Request expired",
            "The passkey request expired or was already used. Please start again.",
        ),
    },
    "identity-error": {
        "ko": ("인증 오류", "요청을 처리할 수 없어요."),
        "en": ("Identity error", "The request could not be handled."),
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
