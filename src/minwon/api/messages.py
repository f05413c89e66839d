"""The API's own message table (titles and details of problems), in Korean and English."""

from __future__ import annotations

from typing import Any

__all__ = ["FIELD_ERRORS", "field_error", "message"]

MESSAGES: dict[str, dict[str, tuple[str, str]]] = {
    "own-access-log-only": {
        "ko": ("본인만 볼 수 있음", "접근 기록은 본인만 볼 수 있어요. 위임으로는 볼 수 없어요."),
        "en": (
            "Only for the person themself",
            "The access log is only for the person themself, not under a delegation.",
        ),
    },
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
    "database-unavailable": {
        "ko": (
            "잠시 이용할 수 없음",
            "데이터베이스에 잠시 연결할 수 없어요. 몇 초 뒤에 다시 시도해 주세요. 입력하신 내용은 사라지지 않았어요.",
        ),
        "en": (
            "Temporarily unavailable",
            "The database cannot be reached for a moment. Please try again in a few seconds. "
            "Nothing you entered was lost.",
        ),
    },
    "idempotency-key-reused": {
        "ko": (
            "이미 쓰인 요청 키",
            "이 Idempotency-Key는 다른 내용의 요청에 이미 쓰였어요. 새 요청에는 새 키를 써 주세요.",
        ),
        "en": (
            "Idempotency key already used",
            "This Idempotency-Key was already used for a different request; use a new key.",
        ),
    },
    "invalid-idempotency-key": {
        "ko": ("잘못된 요청 키", "Idempotency-Key는 255자 이하의 문자열이어야 해요."),
        "en": (
            "Invalid idempotency key",
            "The Idempotency-Key must be a string of up to 255 characters.",
        ),
    },
    "invalid-signature": {
        "ko": ("서명 확인 실패", "서명이 맞지 않거나, 5분보다 오래되었거나, 이미 받은 메시지예요."),
        "en": (
            "Signature not accepted",
            "The signature does not match, is older than 5 minutes, or the message was already received.",
        ),
    },
    "unknown-agency": {
        "ko": ("알 수 없는 기관", "해당 기관이 없어요."),
        "en": ("Unknown agency", "There is no such agency."),
    },
    "invalid-agency-event": {
        "ko": ("처리할 수 없는 기관 알림", "알림의 형식이나 신청 상태 변경이 올바르지 않아요."),
        "en": (
            "Event not applicable",
            "The event is malformed or the status change is not possible.",
        ),
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
        "ko": ("시도 횟수 초과", "실패가 너무 많아요. {minutes}분 뒤에 다시 시도해 주세요."),
        "en": ("Too many attempts", "Too many failed attempts. Please try again in {minutes} min."),
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
    "last-second-factor": {
        "ko": (
            "마지막 인증 수단",
            "인증 수단이 하나만 남아 지울 수 없어요. 다른 인증 앱이나 패스키를 먼저 등록해 주세요.",
        ),
        "en": (
            "Last second factor",
            "This is your only second factor. Add another app or passkey before removing it.",
        ),
    },
    "current-password-wrong": {
        "ko": ("현재 비밀번호 불일치", "지금 쓰는 비밀번호가 맞지 않아요."),
        "en": ("Current password wrong", "The current password is not right."),
    },
    "cross-site-request": {
        "ko": ("허용되지 않는 요청", "이 요청은 민원 서비스 화면에서 JSON으로 보내야 해요."),
        "en": ("Request refused", "This request must come from minwon's own pages, as JSON."),
    },
    "officer-only": {
        "ko": ("담당 공무원 전용", "담당 공무원만 할 수 있는 일이에요."),
        "en": ("Officers only", "Only an officer can do this."),
    },
    "citizen-only": {
        "ko": ("개인 계정 전용", "개인(시민) 계정으로만 할 수 있는 일이에요."),
        "en": ("Citizens only", "Only a citizen account can do this."),
    },
    "account-not-found": {
        "ko": ("계정 없음", "그런 개인 계정을 찾을 수 없어요."),
        "en": ("Account not found", "There is no such citizen account."),
    },
    "reason-has-number": {
        "ko": (
            "사유에 번호 포함",
            "사유에 긴 숫자를 적을 수 없어요. 신분증 번호 같은 개인정보는 기록하지 않아요.",
        ),
        "en": (
            "Number in the reason",
            "The reason may not contain a long number: ID numbers are never recorded.",
        ),
    },
    "id-document-unknown": {
        "ko": ("확인할 수 없는 신분증", "인정되는 신분증 종류를 골라 주세요."),
        "en": ("Unknown ID document", "Choose one of the accepted kinds of identity document."),
    },
    "reset-code-invalid": {
        "ko": (
            "재설정 코드 오류",
            "이메일 주소나 재설정 코드가 맞지 않거나, 코드가 만료되었거나 이미 쓰였어요.",
        ),
        "en": (
            "Reset code not accepted",
            "The e-mail address or reset code is wrong, or the code expired or was used.",
        ),
    },
    "notification-not-found": {
        "ko": ("알림 없음", "그런 알림이 없어요."),
        "en": ("Notice not found", "There is no such notice."),
    },
    # --- delegations ---
    "grantee-not-found": {
        "ko": ("대리인 계정 없음", "그 이메일 주소로 가입한 개인 계정이 없어요."),
        "en": ("No such representative", "No citizen account uses that e-mail address."),
    },
    "delegation-not-found": {
        "ko": ("위임 없음", "그런 위임이 없어요."),
        "en": ("Delegation not found", "There is no such delegation."),
    },
    "delegation-not-active": {
        "ko": (
            "유효한 위임 없음",
            "이분을 대신할 수 있는 위임이 없어요. 위임이 시작 전이거나 끝났거나 철회되었을 수 있어요.",
        ),
        "en": (
            "No active delegation",
            "You have no delegation to act for this person today: "
            "it may not have started, have ended, or been revoked.",
        ),
    },
    "delegation-out-of-scope": {
        "ko": (
            "위임 범위 밖",
            "위임받은 서비스가 아니라서 '{service_id}' 를 대신 신청할 수 없어요.",
        ),
        "en": (
            "Not covered by the delegation",
            "Your delegation does not cover '{service_id}', so you cannot file it for them.",
        ),
    },
    "delegation-services-invalid": {
        "ko": ("위임 서비스 오류", "서비스를 1개 이상 50개 이하로, 목록에 있는 것만 골라 주세요."),
        "en": (
            "Check the services",
            "Choose between 1 and 50 services, all from the service list.",
        ),
    },
    "delegation-dates-invalid": {
        "ko": (
            "위임 기간 오류",
            "끝나는 날은 시작일과 오늘 이후여야 하고, 시작일은 오늘부터, 기간은 3년까지예요.",
        ),
        "en": (
            "Check the dates",
            "The end must not be before the start or today; the start is today or later; "
            "a delegation lasts at most 3 years.",
        ),
    },
    "delegation-self": {
        "ko": ("자기 자신에게 위임", "자기 자신에게는 위임할 수 없어요."),
        "en": ("Delegation to yourself", "You cannot delegate to yourself."),
    },
    # --- in-app notices (GET /v1/me/notifications) ---
    "notice-account-reset": {
        "ko": (
            "계정이 재설정되었어요",
            "{on} 창구에서 신분증을 확인한 뒤 계정이 재설정되었어요. 인증 수단과 복구 코드가 "
            "지워졌으니 새로 등록해 주세요. 본인이 요청하지 않았다면 바로 가까운 창구에 알려 주세요.",
        ),
        "en": (
            "Your account was reset",
            "On {on} an officer reset your account after checking your ID at a counter. Your "
            "second factors and recovery codes were removed: set them up again. If this was not "
            "you, tell a counter at once.",
        ),
    },
    "notice-delegation-received": {
        "ko": (
            "위임을 받았어요",
            "{grantor} 님이 {starts_on}부터 {ends_on}까지 서비스 {count}개를 대신 신청할 수 "
            "있도록 위임했어요.",
        ),
        "en": (
            "You can now act for someone",
            "{grantor} lets you file {count} service(s) for them from {starts_on} to {ends_on}.",
        ),
    },
    "notice-delegation-recorded": {
        "ko": (
            "위임장이 등록되었어요",
            "창구에서 종이 위임장({document_ref})으로 {grantee} 님이 {ends_on}까지 대신 신청할 수 "
            "있도록 등록했어요. 모르는 일이면 위임 목록에서 바로 철회해 주세요.",
        ),
        "en": (
            "A power of attorney was recorded",
            "An officer recorded a paper power of attorney ({document_ref}) letting {grantee} "
            "act for you until {ends_on}. If you did not sign it, revoke it in your delegations.",
        ),
    },
    "notice-delegation-revoked": {
        "ko": ("위임이 철회되었어요", "{by} 님이 위임을 철회했어요."),
        "en": ("A delegation was revoked", "{by} revoked a delegation between you."),
    },
    "notice-password-changed": {
        "ko": (
            "비밀번호가 바뀌었어요",
            "{on} 비밀번호가 바뀌고 다른 기기의 로그인이 끝났어요. 본인이 아니라면 창구에 알려 주세요.",
        ),
        "en": (
            "Your password was changed",
            "On {on} your password was changed and your other devices were signed out. "
            "If this was not you, tell a counter.",
        ),
    },
    "identity-error": {
        "ko": ("인증 오류", "요청을 처리할 수 없어요."),
        "en": ("Identity error", "The request could not be handled."),
    },
    # --- partners (OAuth 2.0): bearer-token problems, the consent page, scopes in plain words ---
    "invalid-token": {
        "ko": (
            "유효하지 않은 토큰",
            "액세스 토큰이 만료되었거나 취소되었어요. 새 토큰을 받아 다시 시도해 주세요.",
        ),
        "en": (
            "Invalid token",
            "The access token is expired, revoked or unknown. Get a new token and try again.",
        ),
    },
    "insufficient-scope": {
        "ko": (
            "허용되지 않은 범위",
            "이 토큰에 허용된 범위로는 이 요청을 할 수 없어요. required_scope 항목을 보세요.",
        ),
        "en": (
            "Insufficient scope",
            "This token's scopes do not allow this request; see 'required_scope'.",
        ),
    },
    "partner-not-connected": {
        "ko": ("연결되지 않은 서비스", "내 계정에 연결된 그런 외부 서비스가 없어요."),
        "en": ("Not connected", "No such service is connected to your account."),
    },
    "oauth-consent": {
        "ko": ("{partner} 연결", "{partner}에서 내 minwon 계정으로 다음 일을 하려고 해요."),
        "en": (
            "Connect {partner}",
            "{partner} would like to do the following with your minwon account.",
        ),
    },
    "oauth-consent-limits": {
        "ko": (
            "이 서비스가 할 수 없는 일",
            "신청서를 제출하거나 주민등록번호 같은 개인 정보를 볼 수는 없어요. 제출은 minwon에서 내가 직접 추가 인증을 한 뒤에만 돼요. 연결은 언제든지 '연결된 서비스'에서 끊을 수 있어요.",
        ),
        "en": (
            "What this service cannot do",
            "It cannot submit applications or see personal data such as your resident registration number: you submit on minwon yourself, after extra verification. You can disconnect it at any time under 'Connected services'.",
        ),
    },
    # title: the account line; detail: how to change account
    "oauth-consent-account": {
        "ko": (
            "로그인한 계정: {account}",
            "다른 계정으로 연결하려면 로그아웃한 뒤 다시 로그인해 주세요.",
        ),
        "en": ("Signed in as {account}", "To connect another account, sign out and sign in again."),
    },
    # title: the allow button; detail: the deny button
    "oauth-consent-buttons": {
        "ko": ("허용", "거부"),
        "en": ("Allow", "Deny"),
    },
    "oauth-sign-in-required": {
        "ko": (
            "로그인이 필요해요",
            "{partner}을(를) 연결하려면 먼저 minwon에 로그인해 주세요. 로그인한 뒤 이 페이지를 새로 고치면 돼요.",
        ),
        "en": (
            "Please sign in",
            "To connect {partner}, sign in to minwon first, then reload this page.",
        ),
    },
    # title: the sign-in link; detail: the reload link
    "oauth-sign-in-links": {
        "ko": ("minwon 로그인", "이 페이지 새로 고침"),
        "en": ("Sign in to minwon", "Reload this page"),
    },
    "oauth-citizens-only": {
        "ko": ("시민 계정 전용", "외부 서비스 연결은 시민 계정으로만 할 수 있어요."),
        "en": ("Citizens only", "Only a citizen account can connect an outside service."),
    },
    "oauth-invalid-request": {
        "ko": (
            "잘못된 연결 요청",
            "연결을 요청한 서비스의 정보가 올바르지 않아요. 그 서비스로 돌아가 다시 시도해 주세요. 이 창은 닫아도 돼요.",
        ),
        "en": (
            "Invalid connection request",
            "The service that sent you here made an invalid request. Go back to it and try again; you can close this window.",
        ),
    },
    "oauth-request-expired": {
        "ko": (
            "요청 확인 실패",
            "페이지가 오래되었거나 다른 곳에서 보낸 요청이에요. 연결을 요청한 서비스에서 다시 시작해 주세요.",
        ),
        "en": (
            "Request not verified",
            "This page is out of date or the request came from elsewhere. Start again from the service.",
        ),
    },
    "scope:catalog:read": {
        "ko": ("민원 안내 보기", "민원 서비스 목록과 안내(준비물, 수수료, 기한)를 볼 수 있어요."),
        "en": (
            "Read service guides",
            "See the list of services and their guides (documents, fees, deadlines).",
        ),
    },
    "scope:route": {
        "ko": ("요청 알아듣기", "입력한 문장이 어떤 민원을 말하는지 알아볼 수 있어요."),
        "en": ("Understand requests", "Work out which service a sentence you typed is about."),
    },
    "scope:applications:read": {
        "ko": (
            "내 신청 보기",
            "내가 신청한 민원의 목록과 처리 상태를 볼 수 있어요. 주민등록번호 같은 개인 정보는 볼 수 없어요.",
        ),
        "en": (
            "See my applications",
            "See the applications you filed and where they stand, without your personal data.",
        ),
    },
    "scope:conversations:write": {
        "ko": (
            "민원 상담 대화",
            "내 계정으로 민원 상담 대화를 시작하고 이어갈 수 있어요. 제출은 minwon에서 내가 직접 해야 해요.",
        ),
        "en": (
            "Talk to minwon for me",
            "Start and continue conversations about services as you; submitting stays with you on minwon.",
        ),
    },
    # --- back office hand-overs and empty submissions ---
    "already-claimed": {
        "ko": (
            "다른 담당자가 맡은 신청",
            "다른 담당자가 이미 이 신청을 맡고 있어요. 그 담당자가 담당을 해제(release)하면 맡을 수 있어요.",
        ),
        "en": (
            "Claimed by someone else",
            "Another officer is handling this application. You can claim it once they release it.",
        ),
    },
    "application-closed": {
        "ko": ("처리가 끝난 신청", "처리가 끝난(완료된) 신청이라 담당을 맡거나 해제할 수 없어요."),
        "en": (
            "Handling has ended",
            "This application is completed: it can no longer be claimed or released.",
        ),
    },
    "nothing-to-submit": {
        "ko": (
            "제출할 신청 없음",
            "이 대화에는 제출할 신청이 없어서 아무것도 제출하지 않았어요. "
            "필요한 민원을 다시 말씀해 주세요.",
        ),
        "en": (
            "Nothing to submit",
            "This conversation has no application to file, so nothing was submitted. "
            "Tell me which service you need.",
        ),
    },
}


# What each kind of invalid field means, by pydantic's error type, in both languages: a
# partner shows these to the person, so they are not left in the framework's English.
FIELD_ERRORS: dict[str, tuple[str, str]] = {
    "missing": ("꼭 필요한 항목이에요.", "This field is required."),
    "string_type": ("글자로 보내 주세요.", "This must be text."),
    "int_type": ("정수로 보내 주세요.", "This must be a whole number."),
    "int_parsing": ("정수로 보내 주세요.", "This must be a whole number."),
    "bool_type": ("true 또는 false로 보내 주세요.", "This must be true or false."),
    "bool_parsing": ("true 또는 false로 보내 주세요.", "This must be true or false."),
    "date_from_datetime_parsing": (
        "날짜를 YYYY-MM-DD로 보내 주세요.",
        "Give the date as YYYY-MM-DD.",
    ),
    "date_parsing": ("날짜를 YYYY-MM-DD로 보내 주세요.", "Give the date as YYYY-MM-DD."),
    "date_type": ("날짜를 YYYY-MM-DD로 보내 주세요.", "Give the date as YYYY-MM-DD."),
    "string_too_long": ("{max_length}자 이하로 보내 주세요.", "At most {max_length} characters."),
    "string_too_short": (
        "{min_length}자 이상으로 보내 주세요.",
        "At least {min_length} characters.",
    ),
    "string_pattern_mismatch": ("형식이 맞지 않아요.", "This does not have the expected format."),
    "literal_error": ("다음 중 하나로 보내 주세요: {expected}", "Use one of: {expected}"),
    "enum": ("다음 중 하나로 보내 주세요: {expected}", "Use one of: {expected}"),
    "extra_forbidden": ("알 수 없는 항목이에요.", "This field is not accepted."),
    "json_invalid": ("JSON 형식이 올바르지 않아요.", "The body is not valid JSON."),
    "model_attributes_type": ("JSON 객체로 보내 주세요.", "This must be a JSON object."),
    "dict_type": ("JSON 객체로 보내 주세요.", "This must be a JSON object."),
    "list_type": ("목록(JSON 배열)으로 보내 주세요.", "This must be a list (a JSON array)."),
    "greater_than_equal": ("{ge} 이상이어야 해요.", "This must be at least {ge}."),
    "less_than_equal": ("{le} 이하여야 해요.", "This must be at most {le}."),
    "value_error": ("값이 올바르지 않아요.", "This value is not valid."),
}


def field_error(kind: str, lang: str, context: dict[str, Any], fallback: str) -> str:
    """One invalid field, explained in ``lang``; the framework's own words if the kind is new."""
    pair = FIELD_ERRORS.get(kind)
    if pair is None:
        return fallback if lang == "en" else "값이 올바르지 않아요."
    try:
        return pair[1 if lang == "en" else 0].format(**context)
    except (KeyError, IndexError):
        return pair[1 if lang == "en" else 0]


def message(code: str, lang: str, **params: Any) -> tuple[str, str]:
    """(title, detail) for ``code`` in ``lang``, with ``params`` filled in."""
    table = MESSAGES.get(code, MESSAGES["http-error"])
    title, detail = table["en" if lang == "en" else "ko"]
    try:
        return title, detail.format(**params)
    except (KeyError, IndexError):
        return title, detail
