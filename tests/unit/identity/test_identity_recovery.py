"""Recovery codes: ten, unguessable, hashed with a key the database never holds."""

from __future__ import annotations

from minwon.identity.recovery import CODE_COUNT, generate_codes, hash_code, normalise_code

KEY = b"k" * 32


def test_ten_distinct_codes_in_a_readable_format() -> None:
    codes = generate_codes()
    assert len(codes) == CODE_COUNT == 10
    assert len(set(codes)) == 10
    for code in codes:
        groups = code.split("-")
        assert [len(g) for g in groups] == [4, 4, 4]
        assert not set(code) & set("ILOU")


def test_typing_variations_hash_the_same() -> None:
    assert normalise_code(" abcd-efgh-jkmn ") == "ABCDEFGHJKMN"
    assert hash_code(KEY, "acc", "ab0d-1111-2222") == hash_code(KEY, "acc", "ABOD 1I1L 2222")


def test_the_hash_depends_on_the_key_and_the_account() -> None:
    code = generate_codes(1)[0]
    digest = hash_code(KEY, "acc", code)
    assert len(digest) == 64
    assert code not in digest
    assert digest != hash_code(b"other" * 7, "acc", code)
    assert digest != hash_code(KEY, "another-account", code)
