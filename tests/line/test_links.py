"""LINE's own links: a prefilled /start for deep links, LINE's share picker, no contact links."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from bot.line.links import LineLinks


def test_deep_link_prefills_start_with_the_payload() -> None:
    link = LineLinks("@coopcompass").deep_link("ref_42")
    assert link is not None
    parts = urlsplit(link)
    assert (parts.netloc, parts.path) == ("line.me", "/R/oaMessage/@coopcompass/")
    assert unquote(parts.query) == "/start ref_42"


def test_deep_link_is_unknown_without_a_basic_id() -> None:
    assert LineLinks(None).deep_link("x") is None
    assert LineLinks("").deep_link("x") is None


def test_share_url_carries_text_and_link() -> None:
    url = LineLinks("@coopcompass").share_url("https://line.me/R/oaMessage/@c/", "ถามเรื่องสหกรณ์")
    assert url is not None
    assert url.startswith("https://line.me/R/share?text=")
    assert unquote(url.split("text=", 1)[1]) == "ถามเรื่องสหกรณ์\nhttps://line.me/R/oaMessage/@c/"


def test_no_contact_links_on_line() -> None:
    assert LineLinks("@coopcompass").contact_link("somchai") is None
