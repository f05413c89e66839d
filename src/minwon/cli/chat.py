"""``minwon chat``: the same conversation as the portal, in a terminal, persisted like any other."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from minwon.actors import Actor
from minwon.conversations.service import Conversations
from minwon.dialogue import Reply, Turn

__all__ = ["ChatIO", "run_chat"]

QUIT = frozenset({"/quit", "/exit", "/q"})
ANONYMOUS = Actor(kind="anonymous", id="-")


@dataclass
class ChatIO:
    """Where the chat reads and writes (a terminal, or a test's lists)."""

    read: Callable[[str], str]
    write: Callable[[str], None]
    read_secret: Callable[[str], str] | None = None  # passwords: not echoed (getpass)

    def secret(self, prompt: str) -> str:
        """Read without echo where the terminal can."""
        return (self.read_secret or self.read)(prompt)


@dataclass
class _Chat:
    id: str
    token: str
    actor: Actor


def _render(reply: Reply) -> str:
    lines = [reply.text]
    if reply.quick_replies:
        choices = (f"[{i}] {q.label}" for i, q in enumerate(reply.quick_replies, 1))
        lines.append("  " + "  ".join(choices))
    return "\n".join(lines)


def _pick(text: str, reply: Reply) -> str:
    """A number typed at a prompt picks the quick reply with that number."""
    choice = text.strip()
    if choice.isdigit() and 1 <= int(choice) <= len(reply.quick_replies):
        return reply.quick_replies[int(choice) - 1].value
    return text


def run_chat(
    conversations: Conversations,
    io: ChatIO,
    *,
    lang: str | None,
    authenticate: Callable[[ChatIO], Actor | None],
) -> None:
    """Hold one conversation until the person quits (/quit) or the input ends."""
    started = conversations.start(ANONYMOUS, text=None, channel="cli", lang=lang)
    chat = _Chat(started.conversation.id, started.access_token, ANONYMOUS)
    reply = started.turn.reply
    io.write(_render(reply))
    while True:
        try:
            text = io.read("> ")
        except EOFError:
            return
        if text.strip() in QUIT:
            return
        turn = _send(conversations, chat, _pick(text, reply))
        if turn.reply.needs_auth:
            io.write(_render(turn.reply))
            turn = _step_up(conversations, chat, io, authenticate) or turn
        reply = turn.reply
        io.write(_render(reply))


def _send(conversations: Conversations, chat: _Chat, text: str) -> Turn:
    return conversations.send(chat.actor, chat.id, access_token=chat.token, text=text)


def _step_up(
    conversations: Conversations,
    chat: _Chat,
    io: ChatIO,
    authenticate: Callable[[ChatIO], Actor | None],
) -> Turn | None:
    """Sign in with a second factor in the terminal, take over the conversation, submit."""
    actor = authenticate(io)
    if actor is None:
        return None
    conversations.bind(actor, chat.id, access_token=chat.token)
    chat.actor = actor
    return _send(conversations, chat, "submit")  # the submit phrase works in either language
