"""Partner OAuth use cases on SQLite and PostgreSQL: clients, codes with PKCE, tokens, consents."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from argon2 import PasswordHasher
from sqlalchemy import Engine, select

from minwon import identity as idn
from minwon import partners as pt
from minwon.audit import AuditEvent, verify_chain
from minwon.clock import FixedClock
from minwon.db import Base, make_session_factory, session_scope
from minwon.migrate import upgrade_database
from minwon.models import import_all_models
from minwon.partners.models import AuthorizationCode, OAuthClient, OAuthToken

START = dt.datetime(2026, 11, 28, 10, 0)
PASSWORD = "correct horse battery staple"
REDIRECT = "https://partner.example/callback"
SECRET_KEY = b"integration-test-secret-key-32-bytes"


@dataclass
class World:
    partners: pt.PartnerRuntime
    identity: idn.IdentityRuntime
    clock: FixedClock


@pytest.fixture
def world(engine: Engine) -> World:
    upgrade_database(engine)
    factory = make_session_factory(engine)
    clock = FixedClock(START)
    fast = idn.PasswordHashing(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    return World(
        partners=pt.PartnerRuntime(db=factory, clock=clock, config=pt.PartnerConfig(SECRET_KEY)),
        identity=idn.IdentityRuntime(
            db=factory,
            clock=clock,
            config=idn.IdentityConfig(secret_key=SECRET_KEY),
            passwords=fast,
        ),
        clock=clock,
    )


def register(world: World, *scopes: str) -> pt.RegisteredClient:
    chosen = frozenset(scopes or ("catalog:read", "route", "applications:read"))
    return pt.register_client(world.partners, pt.NewClient("네이버", "Naver", (REDIRECT,), chosen))


def citizen(world: World, email: str = "jiwoo@example.kr") -> str:
    return idn.create_account(
        world.identity, email=email, password=PASSWORD, display_name="Kim", client_address="::1"
    ).id


def pkce() -> tuple[str, str]:
    """A verifier and its S256 challenge, computed here independently of the server."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def params(
    client: pt.RegisteredClient, challenge: str, **overrides: str | None
) -> pt.AuthorizationParams:
    values: dict[str, str | None] = {
        "response_type": "code",
        "client_id": client.client_id,
        "redirect_uri": REDIRECT,
        "scope": "applications:read",
        "state": "xyz",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    values.update(overrides)
    return pt.AuthorizationParams(**values)


def auth(client: pt.RegisteredClient) -> pt.ClientAuth:
    return pt.ClientAuth(client.client_id, client.client_secret)


def consent_code(world: World, client: pt.RegisteredClient, account_id: str) -> tuple[str, str]:
    """The citizen consents; returns (code, verifier)."""
    verifier, challenge = pkce()
    request = pt.validate_authorization_request(world.partners, params(client, challenge))
    redirect = pt.approve_authorization(world.partners, account_id, request)
    query = parse_qs(urlsplit(redirect).query)
    assert redirect.startswith(REDIRECT + "?")
    assert query["state"] == ["xyz"]
    return query["code"][0], verifier


def exchange(
    world: World, client: pt.RegisteredClient, code: str, verifier: str
) -> pt.IssuedTokens:
    request = pt.TokenRequest(
        "authorization_code", code=code, redirect_uri=REDIRECT, code_verifier=verifier
    )
    return pt.exchange_token(world.partners, auth(client), request)


def refresh(world: World, client: pt.RegisteredClient, token: str | None) -> pt.IssuedTokens:
    return pt.exchange_token(
        world.partners, auth(client), pt.TokenRequest("refresh_token", refresh_token=token)
    )


def actions(world: World) -> list[str]:
    with session_scope(world.partners.db) as session:
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def test_the_migration_matches_the_tables(world: World, engine: Engine) -> None:
    import_all_models()
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    ours = [d for d in diff if "oauth_" in repr(d)]
    assert ours == []


def test_a_registered_client_secret_is_shown_once_and_stored_hashed(world: World) -> None:
    client = register(world)
    assert client.grant_types == {"client_credentials", "authorization_code", "refresh_token"}
    assert len(client.client_secret) >= 43
    with session_scope(world.partners.db) as session:
        row = session.get_one(OAuthClient, client.client_id)
        stored = [str(getattr(row, c.key)) for c in OAuthClient.__table__.columns]
        assert not any(client.client_secret in value for value in stored)
        assert len(row.secret_hash) == 64
        assert pt.authenticate_client(session, world.partners, auth(client)).id == row.id
        with pytest.raises(pt.InvalidClientError):
            pt.authenticate_client(
                session, world.partners, pt.ClientAuth(client.client_id, "wrong" * 9)
            )
        with pytest.raises(pt.InvalidClientError):
            pt.authenticate_client(session, world.partners, pt.ClientAuth("nobody", "x"))
    assert actions(world) == ["partner:client:registered"]


@pytest.mark.parametrize(
    "uri",
    [
        "http://partner.example/callback",  # plain http off the loopback interface
        "https://partner.example/callback#frag",
        "https://*.partner.example/callback",
        "https://user:pw@partner.example/callback",
        "/callback",
    ],
)
def test_unsafe_redirect_uris_are_refused_at_registration(world: World, uri: str) -> None:
    with pytest.raises(pt.ClientMetadataError):
        pt.register_client(
            world.partners,
            pt.NewClient("카카오", "Kakao", (uri,), frozenset({"applications:read"})),
        )


def test_registration_needs_a_known_scope_and_a_redirect_for_citizen_scopes(world: World) -> None:
    with pytest.raises(pt.ClientMetadataError):
        pt.register_client(world.partners, pt.NewClient("a", "a", (), frozenset({"admin"})))
    with pytest.raises(pt.ClientMetadataError):
        pt.register_client(
            world.partners, pt.NewClient("a", "a", (), frozenset({"conversations:write"}))
        )
    local = pt.register_client(
        world.partners,
        pt.NewClient("a", "a", ("http://127.0.0.1:8765/cb",), frozenset({"applications:read"})),
    )
    assert local.grant_types == {"authorization_code", "refresh_token"}


def test_client_credentials_reach_only_the_public_scopes(world: World) -> None:
    client = register(world)
    tokens = pt.exchange_token(world.partners, auth(client), pt.TokenRequest("client_credentials"))
    assert tokens.scope == "catalog:read route"
    assert tokens.refresh_token is None
    assert tokens.expires_in == 600
    grant = pt.authenticate_access_token(world.partners, tokens.access_token)
    assert grant.account_id is None
    assert grant.scopes == {"catalog:read", "route"}
    with pytest.raises(pt.InvalidScopeError):
        pt.exchange_token(
            world.partners,
            auth(client),
            pt.TokenRequest("client_credentials", scope="applications:read"),
        )
    with pytest.raises(pt.UnsupportedGrantTypeError):
        pt.exchange_token(world.partners, auth(client), pt.TokenRequest("password"))


def test_authorization_code_flow_gives_a_citizen_token_and_is_audited(world: World) -> None:
    client = register(world)
    account_id = citizen(world)
    code, verifier = consent_code(world, client, account_id)
    tokens = exchange(world, client, code, verifier)
    assert tokens.scope == "applications:read"
    assert tokens.refresh_token
    grant = pt.authenticate_access_token(world.partners, tokens.access_token)
    assert (grant.client_id, grant.account_id) == (client.client_id, account_id)
    assert grant.scopes == {"applications:read"}
    assert actions(world)[-2:] == ["partner:consent:granted", "partner:token:issued"]
    with session_scope(world.partners.db) as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "partner:consent:granted")
        ).one()
        assert event.actor == event.subject == f"citizen:{account_id}"
        assert event.target == f"partner:{client.client_id}"
        stored = [t.token_hash for t in session.scalars(select(OAuthToken))]
        assert tokens.access_token not in stored
        assert verify_chain(session).is_intact


def test_a_code_is_single_use_and_a_replay_revokes_what_it_bought(world: World) -> None:
    client = register(world)
    code, verifier = consent_code(world, client, citizen(world))
    tokens = exchange(world, client, code, verifier)
    with pytest.raises(pt.InvalidGrantError):
        exchange(world, client, code, verifier)
    with pytest.raises(pt.InvalidTokenError):
        pt.authenticate_access_token(world.partners, tokens.access_token)
    with pytest.raises(pt.InvalidGrantError):
        refresh(world, client, tokens.refresh_token)
    assert "partner:code:replayed" in actions(world)


def test_a_wrong_pkce_verifier_is_refused(world: World) -> None:
    client = register(world)
    code, _verifier = consent_code(world, client, citizen(world))
    other_verifier, _ = pkce()
    with pytest.raises(pt.InvalidGrantError):
        exchange(world, client, code, other_verifier)
    with pytest.raises(pt.InvalidRequestError):
        pt.exchange_token(
            world.partners,
            auth(client),
            pt.TokenRequest("authorization_code", code=code, redirect_uri=REDIRECT),
        )


@pytest.mark.parametrize(
    ("method", "challenge"),
    [(None, None), ("plain", "p" * 43), (None, "p" * 43), ("S256", "short")],
)
def test_authorization_requests_without_s256_pkce_go_back_with_an_error(
    world: World, method: str | None, challenge: str | None
) -> None:
    client = register(world)
    request = params(
        client, challenge or "", code_challenge=challenge, code_challenge_method=method
    )
    with pytest.raises(pt.AuthorizationRedirectError) as caught:
        pt.validate_authorization_request(world.partners, request)
    query = parse_qs(urlsplit(caught.value.redirect_to).query)
    assert query["error"] == ["invalid_request"]
    assert query["state"] == ["xyz"]


def test_a_redirect_uri_mismatch_is_never_redirected_to(world: World) -> None:
    client = register(world)
    _verifier, challenge = pkce()
    for uri in ("https://partner.example/callback/", "https://evil.example/cb", None):
        with pytest.raises(pt.InvalidRedirectUriError):
            pt.validate_authorization_request(
                world.partners, params(client, challenge, redirect_uri=uri)
            )
    with pytest.raises(pt.InvalidRedirectUriError):
        pt.validate_authorization_request(world.partners, params(client, challenge, client_id="x"))


def test_a_code_is_bound_to_its_redirect_uri_and_client(world: World) -> None:
    client = register(world)
    other = register(world)
    code, verifier = consent_code(world, client, citizen(world))
    with pytest.raises(pt.InvalidGrantError):
        pt.exchange_token(
            world.partners,
            auth(client),
            pt.TokenRequest(
                "authorization_code",
                code=code,
                redirect_uri=REDIRECT + "?x=1",
                code_verifier=verifier,
            ),
        )
    with pytest.raises(pt.InvalidGrantError):
        exchange(world, other, code, verifier)
    assert exchange(world, client, code, verifier).access_token  # still unused


def test_scope_beyond_the_registration_goes_back_as_invalid_scope(world: World) -> None:
    client = register(world, "applications:read")
    _verifier, challenge = pkce()
    for scope in ("conversations:write", "applications:read admin", None):
        with pytest.raises(pt.AuthorizationRedirectError) as caught:
            pt.validate_authorization_request(
                world.partners, params(client, challenge, scope=scope)
            )
        assert caught.value.error.error == "invalid_scope"


def test_a_code_expires_after_sixty_seconds(world: World) -> None:
    client = register(world)
    code, verifier = consent_code(world, client, citizen(world))
    world.clock.advance(dt.timedelta(seconds=60))
    with pytest.raises(pt.InvalidGrantError):
        exchange(world, client, code, verifier)


def test_an_access_token_expires_after_ten_minutes(world: World) -> None:
    client = register(world)
    code, verifier = consent_code(world, client, citizen(world))
    tokens = exchange(world, client, code, verifier)
    world.clock.advance(dt.timedelta(minutes=9, seconds=59))
    assert pt.authenticate_access_token(world.partners, tokens.access_token)
    world.clock.advance(dt.timedelta(seconds=1))
    with pytest.raises(pt.InvalidTokenError):
        pt.authenticate_access_token(world.partners, tokens.access_token)
    assert refresh(world, client, tokens.refresh_token).access_token  # the refresh token lives


def test_refresh_rotates_and_a_reused_refresh_token_revokes_the_family(world: World) -> None:
    client = register(world)
    code, verifier = consent_code(world, client, citizen(world))
    first = exchange(world, client, code, verifier)
    second = refresh(world, client, first.refresh_token)
    assert second.refresh_token not in (None, first.refresh_token)
    assert pt.authenticate_access_token(world.partners, second.access_token)
    with pytest.raises(pt.InvalidGrantError):
        refresh(world, client, first.refresh_token)  # a stolen copy of the old one
    for token in (first.access_token, second.access_token):
        with pytest.raises(pt.InvalidTokenError):
            pt.authenticate_access_token(world.partners, token)
    with pytest.raises(pt.InvalidGrantError):
        refresh(world, client, second.refresh_token)  # the legitimate one died too
    assert "partner:refresh_token:replayed" in actions(world)
    with session_scope(world.partners.db) as session:
        reasons = {t.revoke_reason for t in session.scalars(select(OAuthToken))}
    assert reasons == {"refresh_token-replayed"}


def test_a_refresh_can_narrow_but_not_widen_the_scope(world: World) -> None:
    client = register(world)
    code, verifier = consent_code(world, client, citizen(world))
    tokens = exchange(world, client, code, verifier)
    with pytest.raises(pt.InvalidScopeError):
        pt.exchange_token(
            world.partners,
            auth(client),
            pt.TokenRequest(
                "refresh_token", refresh_token=tokens.refresh_token, scope="applications:read route"
            ),
        )
    again = refresh(world, client, tokens.refresh_token)  # the refused attempt used nothing
    assert again.scope == "applications:read"


def test_a_grant_ends_ninety_days_after_consent(world: World) -> None:
    client = register(world)
    code, verifier = consent_code(world, client, citizen(world))
    tokens = exchange(world, client, code, verifier)
    for _ in range(3):  # refreshing every 29 days keeps it alive, until day 90
        world.clock.advance(dt.timedelta(days=29))
        tokens = refresh(world, client, tokens.refresh_token)
    world.clock.advance(dt.timedelta(days=4))
    with pytest.raises(pt.InvalidGrantError):
        refresh(world, client, tokens.refresh_token)


def test_revoking_a_refresh_token_ends_its_access_tokens(world: World) -> None:
    client = register(world)
    other = register(world)
    code, verifier = consent_code(world, client, citizen(world))
    tokens = exchange(world, client, code, verifier)
    assert tokens.refresh_token
    with pytest.raises(pt.InvalidGrantError):
        pt.revoke_token(world.partners, auth(other), tokens.refresh_token, None)
    pt.revoke_token(world.partners, auth(client), tokens.refresh_token, "access_token")
    with pytest.raises(pt.InvalidTokenError):
        pt.authenticate_access_token(world.partners, tokens.access_token)
    with pytest.raises(pt.InvalidGrantError):
        refresh(world, client, tokens.refresh_token)
    pt.revoke_token(world.partners, auth(client), "not-a-token", None)  # RFC 7009: no error
    with pytest.raises(pt.UnsupportedTokenTypeError):
        pt.revoke_token(world.partners, auth(client), "x", "id_token")
    assert actions(world).count("partner:token:revoked") == 1


def test_revoking_an_access_token_leaves_the_refresh_token(world: World) -> None:
    client = register(world)
    tokens = exchange(world, client, *consent_code(world, client, citizen(world)))
    pt.revoke_token(world.partners, auth(client), tokens.access_token, None)
    with pytest.raises(pt.InvalidTokenError):
        pt.authenticate_access_token(world.partners, tokens.access_token)
    assert refresh(world, client, tokens.refresh_token).access_token


def test_a_citizen_lists_and_revokes_a_partner(world: World) -> None:
    client = register(world)
    account_id = citizen(world)
    someone_else = citizen(world, "other@example.kr")
    tokens = exchange(world, client, *consent_code(world, client, account_id))
    pending_code, verifier = consent_code(world, client, account_id)
    connected = pt.list_connected_partners(world.partners, account_id)
    assert [(p.client_id, p.name_en, p.scopes) for p in connected] == [
        (client.client_id, "Naver", ("applications:read",))
    ]
    assert pt.list_connected_partners(world.partners, someone_else) == []
    with pytest.raises(pt.ClientNotFoundError):
        pt.revoke_partner(world.partners, someone_else, client.client_id)
    pt.revoke_partner(world.partners, account_id, client.client_id)
    assert pt.list_connected_partners(world.partners, account_id) == []
    with pytest.raises(pt.InvalidTokenError):
        pt.authenticate_access_token(world.partners, tokens.access_token)
    with pytest.raises(pt.InvalidGrantError):
        refresh(world, client, tokens.refresh_token)
    with pytest.raises(pt.InvalidGrantError):
        exchange(world, client, pending_code, verifier)  # a code from before is void too
    assert "partner:consent:revoked" in actions(world)


def test_a_denial_is_audited_and_sent_back_as_access_denied(world: World) -> None:
    client = register(world)
    account_id = citizen(world)
    _verifier, challenge = pkce()
    request = pt.validate_authorization_request(world.partners, params(client, challenge))
    redirect = pt.deny_authorization(world.partners, account_id, request)
    assert parse_qs(urlsplit(redirect).query) == {
        "error": ["access_denied"],
        "error_description": ["the citizen did not consent"],
        "state": ["xyz"],
    }
    assert actions(world)[-1] == "partner:consent:denied"
    with session_scope(world.partners.db) as session:
        assert session.scalars(select(AuthorizationCode)).all() == []
