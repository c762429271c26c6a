"""The LINE Messaging API adapter: webhook in, reply/push out, over the same conversation layer.

Parsing uses line-bot-sdk's v3 webhook models; HTTP goes through our own aiohttp client
(``api.py``) so that tests can point ``LINE_API_BASE_URL`` at a local fake.

Modules: ``signature`` (X-Line-Signature), ``events`` (body → ``LineEvent``), ``text`` and
``render`` (``Reply`` → LINE messages, ``LINE_CAPABILITIES``), ``links`` (``LineLinks``),
``api`` (``LineApi``), ``sender`` (``LineSender``), ``channel`` (``line_channel``),
``webhook`` (``line_webhook``).

Wiring, in the composition root, when both LINE settings are set:
1. start: ``api = LineApi(token, settings.line_api_base_url); await api.start()``;
   ``channels.register(await line_channel(api))``.
2. ``webhook = line_webhook(secret, on_events, ledger=<DB processed-updates ledger>)``;
   ``web_app.router.add_post(settings.line_webhook_path, webhook.handle)``.
3. ``on_events``: for each ``LineEvent`` build ``Incoming`` for the ``("line", user_id)``
   identity (see ``events``), run the conversation, then
   ``await api.deliver(event.user_id, event.reply_token, render_replies(r.replies, r.notice))``
   (in a group: deliver to ``chat_id``); ``unfollow`` marks the identity unreachable.
4. stop: stop taking requests, ``await webhook.drain()``, ``await api.close()``.
"""
