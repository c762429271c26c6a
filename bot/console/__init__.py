"""The terminal adapter: chat with the bot in a terminal or through a pipe."""
