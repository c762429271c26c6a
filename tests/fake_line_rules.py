"""What the LINE Messaging API refuses in a reply or push body, for the fake LINE server.

Checked: message types (text, flex, template), at most 5 messages, text within 5,000
characters, quick replies (at most 13 items, no link actions, labels within 20 characters),
actions (postback data within 300 bytes, displayText within 300, uri schemes and length),
Flex basics (altText, a bubble or carousel of known components, each button with an action,
a bubble's JSON within 30 KB),
and the buttons template's limits. Each problem is one line naming the JSON property.
"""

from __future__ import annotations

import json
from typing import Any

MESSAGE_TYPES = {"text", "flex", "template"}
FLEX_COMPONENTS = {"box", "button", "text", "separator", "filler", "image", "icon", "span"}
BOX_LAYOUTS = {"horizontal", "vertical", "baseline"}
URI_SCHEMES = ("http://", "https://", "line://", "tel:")
BUBBLE_BYTES = 30_000  # "the maximum size of JSON data that defines a bubble is 30 KB"


def units(text: str) -> int:
    """Characters as LINE counts them (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def check_messages(messages: Any) -> list[str]:
    """Every problem LINE would report for a ``messages`` array (empty: it is accepted)."""
    if not isinstance(messages, list) or not messages:
        return ["messages: must be a non-empty array"]
    problems = []
    if len(messages) > 5:
        problems.append(f"messages: at most 5, got {len(messages)}")
    for index, message in enumerate(messages):
        problems.extend(_message(message, f"messages[{index}]"))
    return problems


def _message(message: Any, where: str) -> list[str]:
    if not isinstance(message, dict) or message.get("type") not in MESSAGE_TYPES:
        return [f"{where}.type: must be one of {sorted(MESSAGE_TYPES)}"]
    kind = message["type"]
    problems = []
    if kind == "text":
        problems.extend(_text(message.get("text"), f"{where}.text", 5000))
    elif kind == "flex":
        problems.extend(_text(message.get("altText"), f"{where}.altText", 1500))
        problems.extend(_flex_container(message.get("contents"), f"{where}.contents"))
    else:
        problems.extend(_text(message.get("altText"), f"{where}.altText", 400))
        problems.extend(_template(message.get("template"), f"{where}.template"))
    if "quickReply" in message:
        problems.extend(_quick_reply(message["quickReply"], f"{where}.quickReply"))
    return problems


def _text(value: Any, where: str, limit: int) -> list[str]:
    if not isinstance(value, str) or not value:
        return [f"{where}: must be a non-empty string"]
    if units(value) > limit:
        return [f"{where}: length must be at most {limit}, got {units(value)}"]
    return []


def _quick_reply(quick: Any, where: str) -> list[str]:
    items = quick.get("items") if isinstance(quick, dict) else None
    if not isinstance(items, list) or not items:
        return [f"{where}.items: must be a non-empty array"]
    problems = []
    if len(items) > 13:
        problems.append(f"{where}.items: at most 13, got {len(items)}")
    for index, item in enumerate(items):
        at = f"{where}.items[{index}]"
        if not isinstance(item, dict) or item.get("type") != "action":
            problems.append(f"{at}.type: must be action")
            continue
        action = item.get("action")
        if isinstance(action, dict) and action.get("type") == "uri":
            problems.append(f"{at}.action.type: uri is not allowed in a quick reply")
        problems.extend(_action(action, f"{at}.action", label_required=True))
    return problems


def _action(action: Any, where: str, *, label_required: bool = False) -> list[str]:
    if not isinstance(action, dict):
        return [f"{where}: must be an object"]
    problems = []
    label = action.get("label")
    if label is not None or label_required:
        problems.extend(_text(label, f"{where}.label", 20))
    kind = action.get("type")
    if kind == "postback":
        data = action.get("data")
        if not isinstance(data, str) or len(data.encode()) > 300:
            problems.append(f"{where}.data: must be a string of at most 300 bytes")
        if "displayText" in action:
            problems.extend(_text(action["displayText"], f"{where}.displayText", 300))
    elif kind == "uri":
        uri = action.get("uri")
        if not isinstance(uri, str) or not uri.startswith(URI_SCHEMES) or len(uri) > 1000:
            problems.append(f"{where}.uri: must be an http(s), line or tel URI of at most 1000")
    elif kind == "message":
        problems.extend(_text(action.get("text"), f"{where}.text", 300))
    else:
        problems.append(f"{where}.type: must be postback, uri or message")
    return problems


def _flex_container(container: Any, where: str) -> list[str]:
    if not isinstance(container, dict):
        return [f"{where}: must be a bubble or carousel"]
    if container.get("type") == "carousel":
        bubbles = container.get("contents")
        if not isinstance(bubbles, list) or not 1 <= len(bubbles) <= 12:
            return [f"{where}.contents: 1 to 12 bubbles"]
        return [p for i, b in enumerate(bubbles) for p in _bubble(b, f"{where}.contents[{i}]")]
    return _bubble(container, where)


def _bubble(bubble: Any, where: str) -> list[str]:
    if not isinstance(bubble, dict) or bubble.get("type") != "bubble":
        return [f"{where}.type: must be bubble"]
    blocks = [name for name in ("header", "hero", "body", "footer") if name in bubble]
    if not blocks:
        return [f"{where}: a bubble needs a header, hero, body or footer"]
    size = len(json.dumps(bubble, ensure_ascii=False, separators=(",", ":")).encode())
    if size > BUBBLE_BYTES:
        return [f"{where}: a bubble's JSON must be at most {BUBBLE_BYTES} bytes, got {size}"]
    return [p for name in blocks for p in _component(bubble[name], f"{where}.{name}")]


def _component(component: Any, where: str) -> list[str]:
    if not isinstance(component, dict) or component.get("type") not in FLEX_COMPONENTS:
        return [f"{where}.type: must be one of {sorted(FLEX_COMPONENTS)}"]
    kind = component["type"]
    problems = []
    if "action" in component:
        problems.extend(_action(component["action"], f"{where}.action"))
    if kind == "box":
        if component.get("layout") not in BOX_LAYOUTS:
            problems.append(f"{where}.layout: must be one of {sorted(BOX_LAYOUTS)}")
        contents = component.get("contents")
        if not isinstance(contents, list):
            problems.append(f"{where}.contents: must be an array")
        else:
            for index, child in enumerate(contents):
                problems.extend(_component(child, f"{where}.contents[{index}]"))
    elif kind == "button" and "action" not in component:
        problems.append(f"{where}.action: a button needs an action")
    elif kind == "text" and not component.get("text") and not component.get("contents"):
        problems.append(f"{where}.text: must be a non-empty string")
    return problems


def _template(template: Any, where: str) -> list[str]:
    if not isinstance(template, dict) or template.get("type") not in ("buttons", "confirm"):
        return [f"{where}.type: must be buttons or confirm"]
    limit = 160 if template["type"] == "buttons" and template.get("title") else 240
    problems = _text(template.get("text"), f"{where}.text", limit)
    actions = template.get("actions")
    most = 4 if template["type"] == "buttons" else 2
    if not isinstance(actions, list) or not 1 <= len(actions) <= most:
        return [*problems, f"{where}.actions: 1 to {most} actions"]
    for index, action in enumerate(actions):
        problems.extend(_action(action, f"{where}.actions[{index}]", label_required=True))
    return problems
