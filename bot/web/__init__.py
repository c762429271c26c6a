"""The web side of the process: one aiohttp server for every messenger's webhook (Telegram
in webhook mode, LINE), a health check and Prometheus metrics."""
