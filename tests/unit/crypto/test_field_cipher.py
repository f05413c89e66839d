"""Sensitive fields stay secret at rest, stay bound to their row, and survive key rotation."""

from __future__ import annotations

import base64
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minwon.crypto import (
    NONCE_BYTES,
    DecryptionError,
    FieldCipher,
    KeyRing,
    blind_index,
    rotate_tokens,
)

K1 = bytes(range(32))
K2 = bytes(range(100, 132))
RRN = "900101-1234567"
ADDRESS = "서울특별시 종로구 세종대로 110, 정부서울청사 3층"
CONTEXT = "application:42:field:rrn"


def _cipher(primary: str = "k1", **keys: bytes) -> FieldCipher:
    return FieldCipher(KeyRing(keys or {"k1": K1}, primary))


def _flip(token: str, position: int) -> str:
    # Flip one bit of the decoded payload at ``position`` (negative counts from the end).
    header, _, encoded = token.rpartition(".")
    raw = bytearray(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    raw[position] ^= 0x01
    return f"{header}.{base64.urlsafe_b64encode(bytes(raw)).rstrip(b'=').decode()}"


@pytest.mark.parametrize("plaintext", [RRN, ADDRESS, "", "김민원 (金民願) 👍"])
def test_a_value_comes_back_exactly_as_it_went_in(plaintext: str) -> None:
    cipher = _cipher()
    token = cipher.encrypt(plaintext, context=CONTEXT)
    assert cipher.decrypt(token, context=CONTEXT) == plaintext


def test_the_stored_token_shows_nothing_of_the_value_but_names_its_key() -> None:
    token = _cipher().encrypt(ADDRESS, context=CONTEXT)
    assert token.startswith("mw1.k1.")  # what an operator searches for before retiring k1
    assert "세종대로" not in token
    assert token.isascii()


def test_a_token_moved_to_another_row_or_field_does_not_decrypt() -> None:
    cipher = _cipher()
    token = cipher.encrypt(RRN, context="application:42:field:rrn")
    for elsewhere in ("application:43:field:rrn", "application:42:field:phone"):
        with pytest.raises(DecryptionError):
            cipher.decrypt(token, context=elsewhere)


@pytest.mark.parametrize("position", [0, NONCE_BYTES - 1, NONCE_BYTES, NONCE_BYTES + 5, -1])
def test_a_tampered_token_is_refused(position: int) -> None:
    cipher = _cipher()
    token = cipher.encrypt(RRN, context=CONTEXT)
    with pytest.raises(DecryptionError, match="not authentic"):
        cipher.decrypt(_flip(token, position), context=CONTEXT)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:20],  # truncated
        lambda token: "mw2" + token[3:],  # unknown format version
        lambda token: token.replace("mw1.k1.", "mw1.k2.", 1),  # header swapped to another key
        lambda token: token + "!",  # not base64url
        lambda token: RRN,  # plaintext stored where a token belongs
    ],
)
def test_a_malformed_token_is_refused(mangle: Callable[[str], str]) -> None:
    cipher = _cipher("k1", k1=K1, k2=K2)
    token = cipher.encrypt(RRN, context=CONTEXT)
    with pytest.raises(DecryptionError):
        cipher.decrypt(mangle(token), context=CONTEXT)


def test_a_token_under_a_retired_key_names_the_key_and_nothing_else() -> None:
    token = _cipher("k9", k9=K2).encrypt(RRN, context=CONTEXT)
    with pytest.raises(DecryptionError, match="k9") as caught:
        _cipher().decrypt(token, context=CONTEXT)
    message = str(caught.value)
    for secret in (RRN, token, CONTEXT, base64.b64encode(K1).decode(), K2.hex()):
        assert secret not in message


def test_decryption_errors_never_repeat_the_value_or_the_token() -> None:
    cipher = _cipher()
    token = cipher.encrypt(RRN, context=CONTEXT)
    for bad_token in (_flip(token, -1), RRN):
        with pytest.raises(DecryptionError) as caught:
            cipher.decrypt(bad_token, context=CONTEXT)
        assert RRN not in str(caught.value)
        assert bad_token not in str(caught.value)
        assert caught.value.__cause__ is None  # no chained exception carrying internals


def test_rotation_moves_tokens_to_the_primary_and_old_ones_keep_working() -> None:
    before = _cipher("k1", k1=K1)
    old_token = before.encrypt(ADDRESS, context=CONTEXT)
    after = _cipher("k2", k1=K1, k2=K2)
    assert after.needs_rotation(old_token)
    assert after.decrypt(old_token, context=CONTEXT) == ADDRESS  # k1 is still in the ring
    new_token = after.rotate(old_token, context=CONTEXT)
    assert after.key_id_of(new_token) == "k2"
    assert not after.needs_rotation(new_token)
    assert after.rotate(new_token, context=CONTEXT) == new_token
    retired = _cipher("k2", k2=K2)  # k1 removed once every token has been rotated
    assert retired.decrypt(new_token, context=CONTEXT) == ADDRESS
    with pytest.raises(DecryptionError):
        retired.decrypt(old_token, context=CONTEXT)


def test_a_rotation_batch_rewrites_old_tokens_and_sets_aside_broken_ones() -> None:
    before = _cipher("k1", k1=K1)
    after = _cipher("k2", k1=K1, k2=K2)
    rows = [
        (1, before.encrypt("a", context="person:1:field:rrn"), "person:1:field:rrn"),
        (2, after.encrypt("b", context="person:2:field:rrn"), "person:2:field:rrn"),
        (3, before.encrypt("c", context="person:3:field:rrn"), "person:9:field:rrn"),
        (4, before.encrypt("d", context="person:4:field:rrn"), "person:4:field:rrn"),
    ]
    batch = rotate_tokens(after, iter(rows))
    assert [row_key for row_key, _ in batch.rotated] == [1, 4]
    assert (batch.current, batch.failed) == (1, (3,))
    new = dict(batch.rotated)
    assert after.decrypt(new[4], context="person:4:field:rrn") == "d"
    assert not after.needs_rotation(new[1])


def test_encrypting_the_same_value_twice_gives_different_tokens() -> None:
    cipher = _cipher()
    tokens = [cipher.encrypt(RRN, context=CONTEXT) for _ in range(1000)]
    # Equal tokens would tell an onlooker that two citizens share a value.
    assert len(set(tokens)) == len(tokens)
    nonces = {base64.urlsafe_b64decode(t.split(".")[2] + "==")[:NONCE_BYTES] for t in tokens}
    assert len(nonces) == len(tokens)


def test_an_empty_context_is_refused() -> None:
    with pytest.raises(ValueError, match="context"):
        _cipher().encrypt(RRN, context="")


@given(plaintext=st.text(), context=st.text(min_size=1, max_size=80))
def test_any_text_round_trips_under_any_context(plaintext: str, context: str) -> None:
    cipher = _cipher("k2", k1=K1, k2=K2)
    assert cipher.decrypt(cipher.encrypt(plaintext, context=context), context=context) == plaintext


def test_a_blind_index_is_stable_so_equal_values_can_be_found() -> None:
    assert blind_index("9001011234567", K1, domain="rrn") == blind_index(
        "9001011234567", K1, domain="rrn"
    )
    assert len(blind_index("9001011234567", K1, domain="rrn")) == 64


def test_a_blind_index_is_keyed_and_separated_by_field() -> None:
    index = blind_index("9001011234567", K1, domain="rrn")
    assert index != blind_index("9001011234568", K1, domain="rrn")
    assert index != blind_index("9001011234567", K2, domain="rrn")  # useless without the key
    assert index != blind_index("9001011234567", K1, domain="phone")
    assert "9001011234567" not in index


def test_a_blind_index_ignores_unicode_composition() -> None:
    composed = "김민원"
    decomposed = "\u1100\u1175\u11b7\u1106\u1175\u11ab\u110b\u116f\u11ab"
    assert composed != decomposed
    assert blind_index(composed, K1, domain="name") == blind_index(decomposed, K1, domain="name")


def test_a_blind_index_refuses_a_short_key() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        blind_index("9001011234567", b"short")
