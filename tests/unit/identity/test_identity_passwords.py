"""Password policy (800-63B §5.1.1.2) and argon2id hashing."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from minwon.identity import PasswordHashing, PasswordRejectedError, check_password_policy
from minwon.identity.passwords import common_passwords

FAST = PasswordHashing(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


def _reason(password: str, context: tuple[str, ...] = ()) -> str | None:
    try:
        check_password_policy(password, context=context)
    except PasswordRejectedError as error:
        return error.reason
    return None


def test_eight_characters_is_the_minimum() -> None:
    assert _reason("Xq7#pL2") == "too-short"
    assert _reason("Xq7#pL2z") is None


def test_sixty_four_characters_and_more_are_accepted() -> None:
    assert _reason("a long passphrase with spaces " * 4) is None  # 120 characters
    assert _reason("x" * 64 + "y" * 65) == "too-long"


def test_no_composition_rules() -> None:
    # lower case only, no digits or symbols: fine when long and not common
    assert _reason("purple elephants dance quietly") is None


@pytest.mark.parametrize(
    "password", ["password", "Password1", "12345678", "qwertyuiop", "iloveyou", "1q2w3e4r"]
)
def test_common_passwords_are_refused(password: str) -> None:
    assert _reason(password) == "common"


def test_repetitive_and_sequential_passwords_are_refused() -> None:
    assert _reason("aaaaaaaaaaaa") == "common"
    assert _reason("abcdefghijkl") == "common"
    assert _reason("987654321098"[:9]) == "common"


def test_context_words_are_refused() -> None:
    assert _reason("jiwoo.kim2026!", context=("jiwoo.kim@example.kr", "jiwoo.kim")) == "context"
    assert _reason("my minwon password") == "context"


def test_the_bundled_list_is_thousands_of_entries_long() -> None:
    entries = common_passwords()
    assert len(entries) > 10_000
    assert all(len(entry) >= 8 for entry in entries)


def test_passwords_are_hashed_with_argon2id_and_verified_after_nfkc() -> None:
    hashed = FAST.hash("caf\u00e9 au lait 42")
    assert hashed.startswith("$argon2id$")
    assert FAST.verify(hashed, "cafe\u0301 au lait 42")  # decomposed é, same password
    assert not FAST.verify(hashed, "cafe au lait 42")


def test_unknown_accounts_cost_an_argon2_verification_too() -> None:
    calls: list[str] = []

    class Counting(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:
            calls.append("verify")
            return super().verify(hash, password)

    hashing = PasswordHashing(Counting(time_cost=1, memory_cost=8, parallelism=1))
    assert hashing.verify(None, "whatever you type") is False
    assert calls == ["verify"]
