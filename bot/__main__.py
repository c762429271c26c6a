"""Allows ``python -m bot <command>``."""

from bot.cli import main

raise SystemExit(main())
