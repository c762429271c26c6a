"""Start the bot: Telegram when TELEGRAM_BOT_TOKEN is set, LINE when its channel is set, both
when both are, otherwise a chat in this terminal."""

import argparse

from bot.cli.run import add_run_arguments, run_bot

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    add_run_arguments(parser)
    raise SystemExit(run_bot(parser.parse_args()))
