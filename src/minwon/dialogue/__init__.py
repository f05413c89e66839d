"""The conversation engine: from a request in plain language to a confirmed application.

Pure: it takes the catalog, the router and a state, and returns the next state and a reply.
Persistence, authentication and submission belong to the use cases that call it.
"""

from minwon.dialogue.engine import DialogueEngine
from minwon.dialogue.schemas import (
    Action,
    Citation,
    FormField,
    QuickReply,
    Reply,
    ServiceInPlay,
    Turn,
)
from minwon.dialogue.state import ConversationState

__all__ = [
    "Action",
    "Citation",
    "ConversationState",
    "DialogueEngine",
    "FormField",
    "QuickReply",
    "Reply",
    "ServiceInPlay",
    "Turn",
]
