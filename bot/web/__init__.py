"""The web adapter: Telegram's webhook endpoint, a health check and Prometheus metrics."""
