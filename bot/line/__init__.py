"""The LINE Messaging API adapter: webhook in, reply/push out, over the same conversation layer.

Parsing uses line-bot-sdk's v3 webhook models; HTTP goes through our own aiohttp client
(``api.py``) so that tests can point ``LINE_API_BASE_URL`` at a local fake.

Modules: ``signature`` (X-Line-Signature), ``events`` (body → ``LineEvent``), ``text`` and
``render`` (``Reply`` → LINE messages, ``LINE_CAPABILITIES``), ``links`` (``LineLinks``),
``api`` (``LineApi``), ``sender`` (``LineSender``), ``channel`` (``line_channel``),
``profiles`` (display names and languages, cached), ``webhook`` (``LineWebhook``),
``bridge`` (``LineEvent`` → ``Incoming`` → conversation → reply or push) and ``adapter``
(``LineAdapter``: what ``bot.web.server.BotServer`` builds, mounts, starts, drains and
closes when both LINE settings are set).
"""
