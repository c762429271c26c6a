"""The conversation layer: what to say next, for any transport. Knows nothing of Telegram."""
