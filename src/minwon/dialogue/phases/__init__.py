"""One module per phase of a conversation; the engine picks the handler for the state's phase."""
