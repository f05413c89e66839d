"""Wiring of ``minwon chat``: the gateway, the terminal, and sign-in with a second factor."""

from __future__ import annotations

import getpass

import typer

from minwon.actors import Actor
from minwon.catalog import CatalogError
from minwon.cli.chat import ChatIO, run_chat
from minwon.config import Settings
from minwon.conversations.service import Conversations
from minwon.gateway import build_gateway
from minwon.identity import (
    IdentityError,
    IdentityRuntime,
    SignInRequest,
    identity_config,
    sign_in,
    step_up_with_totp,
)
from minwon.migrate import upgrade_database

__all__ = ["run_terminal_chat", "terminal_sign_in"]

PROMPTS = {
    "ko": ("이메일: ", "비밀번호: ", "인증 앱의 6자리 코드: ", "본인 확인에 실패했어요: "),
    "en": (
        "E-mail: ",
        "Password: ",
        "6-digit code from your authenticator app: ",
        "Could not verify: ",
    ),
}


def terminal_sign_in(runtime: IdentityRuntime, io: ChatIO, lang: str) -> Actor | None:
    """Password, then a TOTP code, typed at the terminal; None if either is refused."""
    email_prompt, password_prompt, code_prompt, failed = PROMPTS["en" if lang == "en" else "ko"]
    try:
        email = io.read(email_prompt)
        password = io.secret(password_prompt)
        issued = sign_in(
            runtime, SignInRequest(email=email, password=password, client_address="cli")
        )
        stepped = step_up_with_totp(runtime, issued.context, io.read(code_prompt))
    except (IdentityError, EOFError) as error:
        io.write(failed + type(error).__name__)
        return None
    context = stepped.context
    return Actor(kind="citizen", id=context.account_id, level="mfa")


def run_terminal_chat(settings: Settings, lang: str) -> None:
    """Hold a conversation on the configured database, as ``minwon serve`` would."""
    try:
        gateway = build_gateway(settings)
    except CatalogError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(code=1) from error
    upgrade_database(gateway.db)
    runtime = IdentityRuntime(
        db=gateway.factory, clock=gateway.clock, config=identity_config(settings)
    )
    io = ChatIO(read=input, write=typer.echo, read_secret=getpass.getpass)
    services = Conversations(gateway.factory, gateway.dialogue, gateway.sealer, gateway.clock)
    run_chat(
        services,
        io,
        lang=lang,
        authenticate=lambda chat_io: terminal_sign_in(runtime, chat_io, lang),
    )
