"""The LINE Messaging API adapter: webhook in, reply/push out, over the same conversation layer.

Parsing uses line-bot-sdk's v3 webhook models; HTTP goes through our own aiohttp client
(``api.py``) so that tests can point ``LINE_API_BASE_URL`` at a local fake.
"""
