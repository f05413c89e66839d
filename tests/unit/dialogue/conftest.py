"""The dialogue tests call the engine ``engine``."""

from __future__ import annotations

import pytest

from minwon.dialogue import DialogueEngine


@pytest.fixture
def engine(dialogue_engine: DialogueEngine) -> DialogueEngine:
    return dialogue_engine
