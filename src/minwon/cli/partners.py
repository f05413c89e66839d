"""``minwon partners``: register OAuth partners (an operator's job, done on the server)."""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = ["partners_app"]

partners_app = typer.Typer(
    help="Register partners (OAuth 2.0 clients) that reach minwon for their users.",
    no_args_is_help=True,
)

ScopeOpt = Annotated[
    list[str],
    typer.Option("--scope", help="Repeat for each scope; an unknown one is refused with the list"),
]
RedirectOpt = Annotated[
    list[str] | None,
    typer.Option("--redirect-uri", help="Exact callback URL (https); repeat for several"),
]
NameEnOpt = Annotated[
    str | None, typer.Option("--name-en", help="The name in English (default: --name)")
]


@partners_app.command("register")
def register(
    name: Annotated[str, typer.Option("--name", help="The partner's name in Korean")],
    scope: ScopeOpt,
    redirect_uri: RedirectOpt = None,
    name_en: NameEnOpt = None,
) -> None:
    """Register a partner and print its client id and secret. The secret is shown only once."""
    # Imported here so that `minwon --help` and other commands start without the database layer.
    from minwon.clock import SystemClock
    from minwon.config import Settings
    from minwon.db import create_db_engine, make_session_factory
    from minwon.partners import (
        ClientMetadataError,
        NewClient,
        PartnerRuntime,
        partner_config,
        register_client,
    )

    settings = Settings()
    engine = create_db_engine(settings.database_url)
    runtime = PartnerRuntime(
        db=make_session_factory(engine), clock=SystemClock(), config=partner_config(settings)
    )
    scopes = frozenset(word for value in scope for word in value.split())
    try:
        client = register_client(
            runtime, NewClient(name, name_en or name, tuple(redirect_uri or ()), scopes)
        )
    except ClientMetadataError as exc:
        typer.echo(f"not registered: {exc}", err=True)
        raise typer.Exit(code=2) from None
    finally:
        engine.dispose()
    typer.echo(f"client_id:     {client.client_id}")
    typer.echo(f"client_secret: {client.client_secret}")
    typer.echo(f"grant types:   {' '.join(sorted(client.grant_types))}")
    typer.echo(f"scopes:        {' '.join(sorted(client.scopes))}")
    typer.echo(
        "Give the secret to the partner over a secure channel now: minwon keeps only a hash "
        "and cannot show it again.",
        err=True,
    )
