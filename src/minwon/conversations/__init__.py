"""Conversations that persist and resume: the dialogue engine's state, sealed, per person."""
