"""Password change, in-app notices, and the officer's account reset at a counter.

``/v1/me/password`` and ``/v1/me/notifications`` for the signed-in person;
``/v1/officer/accounts/...`` for an officer who checked an identity document in person;
``/v1/accounts/reset`` for the person to finish the reset with the code they were handed.
Errors become problems in ``identity_routes``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response, status
from pydantic import BaseModel, ConfigDict, Field

from minwon import identity as idn
from minwon.api.auth_deps import IdentityRuntimeDep, RequireMFA, RequireSignedIn
from minwon.api.deps import LangDep
from minwon.api.identity_routes import SessionOut, no_store, session_out
from minwon.api.messages import message
from minwon.api.origin_guard import require_same_origin_json

__all__ = ["router"]

router = APIRouter(prefix="/v1", tags=["identity"], dependencies=[Depends(no_store)])
IdPath = Annotated[str, Path(max_length=64)]
Password = Annotated[str, Field(max_length=1024)]


class PasswordChangeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    current_password: Password
    new_password: Password


class NotificationOut(BaseModel):
    id: str
    code: str
    title: str
    text: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class LookupIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(min_length=3, max_length=254)


class AccountSummaryOut(BaseModel):
    id: str
    display_name: str
    created_at: dt.datetime
    has_second_factor: bool


class ResetIn(BaseModel):
    model_config = ConfigDict(extra="forbid")  # there is deliberately no field for an ID number

    reason: str = Field(min_length=1, max_length=1000, description="Recorded in the audit log")
    id_document_type: idn.IdDocumentType = Field(
        description="The kind of document checked, never its number"
    )


class ResetOut(BaseModel):
    account_id: str
    reset_code: str = Field(description="Shown once: hand it to the person, on paper")
    expires_at: dt.datetime
    notified: list[str] = Field(description="Where the person is told: in the app only")


class ResetCompletionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(min_length=3, max_length=254)
    reset_code: str = Field(min_length=1, max_length=40)
    new_password: Password


@router.post("/me/password", summary="Change my password (ends my other sessions)")
def change_password(
    body: PasswordChangeIn, ctx: RequireMFA, response: Response, rt: IdentityRuntimeDep
) -> SessionOut:
    change = idn.PasswordChange(body.current_password, body.new_password)
    return session_out(rt, idn.change_password(rt, ctx, change), response)


@router.get("/me/notifications", summary="Notices about my account, newest first")
def my_notifications(
    ctx: RequireSignedIn, rt: IdentityRuntimeDep, lang: LangDep
) -> list[NotificationOut]:
    out = []
    for view in idn.list_notifications(rt, ctx):
        title, text = message(view.code, lang, **view.params)
        out.append(
            NotificationOut(
                id=view.id,
                code=view.code,
                title=title,
                text=text,
                created_at=view.created_at,
                read_at=view.read_at,
            )
        )
    return out


@router.post(
    "/me/notifications/{notification_id}/read",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Mark a notice as read",
)
def read_notification(
    notification_id: IdPath, ctx: RequireSignedIn, rt: IdentityRuntimeDep
) -> Response:
    idn.mark_notification_read(rt, ctx, notification_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/officer/accounts/lookup", summary="Find a citizen's account (officer, MFA)")
def look_up_account(body: LookupIn, ctx: RequireMFA, rt: IdentityRuntimeDep) -> AccountSummaryOut:
    """A POST so the e-mail address stays out of URLs and access logs."""
    found = idn.find_account_for_reset(rt, ctx, body.email)
    return AccountSummaryOut(
        id=found.id,
        display_name=found.display_name,
        created_at=found.created_at,
        has_second_factor=found.has_second_factor,
    )


@router.post(
    "/officer/accounts/{account_id}/reset",
    status_code=status.HTTP_201_CREATED,
    summary="Reset an account after an in-person identity check (officer, MFA)",
)
def reset_account(
    account_id: IdPath, body: ResetIn, ctx: RequireMFA, rt: IdentityRuntimeDep
) -> ResetOut:
    issued = idn.reset_account(
        rt, ctx, account_id, reason=body.reason, id_document_type=body.id_document_type
    )
    return ResetOut(
        account_id=issued.account_id,
        reset_code=issued.code,
        expires_at=issued.expires_at,
        notified=["in-app"],
    )


@router.post(
    "/accounts/reset",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Choose a new password with the code from the counter",
    dependencies=[Depends(require_same_origin_json)],
)
def complete_reset(body: ResetCompletionIn, request: Request, rt: IdentityRuntimeDep) -> Response:
    idn.complete_account_reset(
        rt,
        idn.ResetCompletion(
            email=body.email,
            code=body.reset_code,
            new_password=body.new_password,
            client_address=request.client.host if request.client else "unknown",
        ),
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
