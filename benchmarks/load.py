"""Load test: many founders ask FAQ questions at once, through Telegram polling, Telegram's
webhook and LINE's webhook.

Runs the real ``Application`` against the fake Bot API (and the real LINE adapter against the
fake LINE API, with signed webhook posts) on loopback, on SQLite and PostgreSQL, with one
instance and with two on the same database, and prints updates per second, p50/p99 handling
time, errors, lost and duplicated updates and peak memory. LINE's founders ask exactly the
questions Telegram's do; ``--rounds`` repeats the scenarios alternately and, with both
``webhook`` and ``line``, prints LINE's throughput as a share of Telegram's.

PTB's rate limiter (about 30 messages a second to Telegram, right in production) is turned
off here: this measures the bot, not Telegram's limits. Each scenario runs in its own process,
so peak memory is that scenario's (the fake server and the load driver included).

    .venv/bin/python -m benchmarks.load                      # every scenario
    .venv/bin/python -m benchmarks.load --transport polling --database sqlite --instances 1
    .venv/bin/python -m benchmarks.load --transport webhook line --database sqlite \
        --instances 1 --rounds 3                               # Telegram against LINE
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import itertools
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine
from telegram import Update
from telegram.ext import Application, ContextTypes, TypeHandler

from bot.knowledge.loader import DEFAULT_KNOWLEDGE_DIR, load_knowledge
from bot.line.bridge import LineBridge
from bot.line.events import LineEvent
from bot.operations.metrics import BotMetrics
from bot.settings import Settings
from bot.telegram.application import (
    ALLOWED_UPDATES,
    build_application,
    close_conversation,
    open_conversation,
)
from bot.telegram.eventloop import new_event_loop
from bot.telegram.handlers import METRICS_KEY
from bot.telegram.webhook import SECRET_HEADER
from bot.web.server import BotServer
from tests.conftest import reset_postgres
from tests.fake_line import FakeLine
from tests.fake_line_webhook import LineEvents, line_user_id
from tests.fake_line_webhook import body as line_body
from tests.fake_line_webhook import post as post_to_line
from tests.fake_telegram import FakeTelegram, FakeUser
from tests.harness import make_settings
from tests.line_harness import line_settings
from tests.production.webhook_harness import WEBHOOK_SECRET, webhook_settings

DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/coopbot_load"
FIRST_FOUNDER_ID = 5_000_000
REDELIVERED_SHARE = 0.1  # two-instance runs: this share of updates reaches both instances
WEBHOOK_CONNECTIONS = 40  # Telegram's default max_connections for a webhook


@dataclass(frozen=True)
class Scenario:
    transport: str  # polling | webhook (Telegram's) | line
    database: str  # sqlite | postgresql
    instances: int  # 1 | 2

    @property
    def name(self) -> str:
        return f"{self.transport}-{self.database}-{self.instances}"


@dataclass
class Result:
    scenario: str
    questions: int
    deliveries: int
    handled: int
    skipped_duplicates: int
    replies: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    cpu_ms: float  # the bot process's CPU time (all threads) per question
    peak_mb: float = 0.0

    @property
    def per_second(self) -> float:
        return self.questions / self.seconds if self.seconds else 0.0

    @property
    def lost(self) -> int:
        return max(self.questions - self.handled, 0)

    @property
    def duplicated(self) -> int:
        return max(self.handled - self.questions, 0)


@dataclass
class Probe:
    """Timestamps of each update's handling, and errors, recorded inside the application."""

    started: dict[tuple[int, int | str], float] = field(default_factory=dict)  # (instance, id)
    finished: dict[tuple[int, int | str], float] = field(default_factory=dict)
    errors: int = 0
    cpu_seconds: float = 0.0
    replies: int = 0
    done: asyncio.Event = field(default_factory=asyncio.Event)
    expected: int = 0

    def attach(self, application: Application) -> None:
        instance = id(application)

        async def start(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
            self.started.setdefault((instance, update.update_id), time.perf_counter())

        async def finish(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
            self.finished[(instance, update.update_id)] = time.perf_counter()
            if len(self.finished) >= self.expected:
                self.done.set()

        async def count_error(_update: object, _context: ContextTypes.DEFAULT_TYPE) -> None:
            self.errors += 1

        application.add_handler(TypeHandler(Update, start), group=-1)
        application.add_handler(TypeHandler(Update, finish), group=10_000)
        application.add_error_handler(count_error)

    def durations_ms(self) -> list[float]:
        return [
            (self.finished[key] - self.started[key]) * 1000
            for key in self.finished
            if key in self.started
        ]


def load_questions(path: Path | None) -> list[str]:
    """Questions founders ask: the eval file's queries, or every FAQ question variant."""
    if path is not None:
        with path.open(encoding="utf-8") as handle:
            return [json.loads(line)["query"] for line in handle if line.strip()]
    knowledge = load_knowledge(DEFAULT_KNOWLEDGE_DIR)
    return [q for entry in knowledge.entries for qs in entry.questions.values() for q in qs]


def workload(
    fake: FakeTelegram, questions: list[str], founders: int, per_founder: int
) -> list[dict[str, Any]]:
    """Update bodies: each founder asks ``per_founder`` questions (built on ``fake``)."""
    rng = random.Random(7)
    users = [
        FakeUser(
            id=FIRST_FOUNDER_ID + n, first_name=f"F{n}", language_code=rng.choice(["th", "en"])
        )
        for n in range(founders)
    ]
    bodies = []
    for _round, user in itertools.product(range(per_founder), users):
        body = fake.take_update(fake.send_text(user, rng.choice(questions)))
        assert body is not None
        bodies.append(body)
    return bodies


async def reset_database(url: str) -> None:
    """An empty schema (PostgreSQL; creating the load-test database if needed)."""
    parsed = make_url(url)
    admin = create_async_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            exists = await connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"),
                {"name": parsed.database},
            )
            if not exists:
                await connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    finally:
        await admin.dispose()
    await reset_postgres(url)


def split_deliveries(
    bodies: list[dict[str, Any]], instances: int
) -> tuple[list[list[dict[str, Any]]], int]:
    """Each update to one instance (a founder's updates to the same one, in order); with two,
    some reach both, as a redelivery would. Returns the streams and the number of deliveries."""
    streams: list[list[dict[str, Any]]] = [[] for _ in range(instances)]
    rng = random.Random(11)
    for body in bodies:
        chat = body["message"]["chat"]["id"]
        streams[chat % instances].append(body)
        if instances > 1 and rng.random() < REDELIVERED_SHARE:
            streams[(chat + 1) % instances].append(body)
    return streams, sum(len(stream) for stream in streams)


async def start_polling(application: Application, settings: Settings) -> None:
    await application.initialize()
    await open_conversation(application, settings, freeze_after_start=True)  # as run_polling
    assert application.updater is not None
    await application.updater.start_polling(
        poll_interval=0.0, timeout=1, allowed_updates=ALLOWED_UPDATES
    )
    await application.start()


async def stop_polling(application: Application) -> None:
    assert application.updater is not None
    await application.updater.stop()
    await application.stop()
    await application.shutdown()
    await close_conversation(application)


def handled_counts(metrics: list[BotMetrics]) -> tuple[int, int]:
    """Updates handled and updates skipped as duplicates, over all instances."""
    handled = skipped = 0
    for one in metrics:
        handled += int(sum(s.value for m in one.updates.collect() for s in m.samples
                           if s.name.endswith("_total")))  # fmt: skip
        skipped += int(one.duplicates._value.get())
    return handled, skipped


def handler_errors(metrics: list[BotMetrics]) -> int:
    """Errors the adapters counted while handling (LINE's; PTB's go to its error handler)."""
    samples = [s for one in metrics for m in one.errors.collect() for s in m.samples]
    return int(sum(s.value for s in samples if s.name.endswith("_total")))


def time_line_events(probe: Probe, bridge: LineBridge) -> None:
    """Each LINE event's handling timed, as ``Probe.attach`` does for Telegram's updates."""
    instance, process = id(bridge), bridge.process

    async def timed(event: LineEvent) -> None:
        key = (instance, event.event_id)
        probe.started.setdefault(key, time.perf_counter())
        try:
            await process(event)
        finally:
            probe.finished[key] = time.perf_counter()
            if len(probe.finished) >= probe.expected:
                probe.done.set()

    bridge.process = timed  # type: ignore[method-assign]


class FakeProcess:
    """The fake Bot API servers in a process of their own, as Telegram is: its CPU is not the
    bot's. A small control server pushes updates, delivers them to webhooks and counts replies.
    """

    def __init__(self, count: int) -> None:
        self.count = count
        self.process: asyncio.subprocess.Process | None = None
        self.control = ""
        self.api_urls: list[str] = []
        self.line_url = ""

    async def __aenter__(self) -> FakeProcess:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "benchmarks.load", "--serve-fakes", str(self.count),
            stdout=asyncio.subprocess.PIPE,
        )  # fmt: skip
        assert self.process.stdout is not None
        ready = json.loads(await self.process.stdout.readline())
        self.control, self.api_urls = ready["control"], ready["apis"]
        self.line_url = ready["line"]
        return self

    async def __aexit__(self, *_exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            await self.process.wait()

    async def call(self, path: str, payload: Any = None) -> Any:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=None)) as http,
            http.post(f"{self.control}{path}", json=payload) as response,
        ):
            response.raise_for_status()
            return await response.json()


async def serve_fakes(count: int) -> None:
    """``--serve-fakes``: run ``count`` fakes and the control server until terminated."""
    fakes = [FakeTelegram() for _ in range(count)]
    for fake in fakes:
        await fake.start()
    line = FakeLine()
    await line.start()
    line_events = LineEvents(line)

    async def push(request: web.Request) -> web.Response:
        fake = fakes[int(request.match_info["index"])]
        for body in await request.json():
            fake.push_update(body)
        return web.json_response({"pushed": True})

    async def deliver(request: web.Request) -> web.Response:
        """POST each stream's updates to its webhook URL, ``WEBHOOK_CONNECTIONS`` at a time."""
        streams = await request.json()
        failed = 0
        limit = asyncio.Semaphore(WEBHOOK_CONNECTIONS)
        headers = {SECRET_HEADER: WEBHOOK_SECRET}
        connector = aiohttp.TCPConnector(limit=WEBHOOK_CONNECTIONS)
        async with aiohttp.ClientSession(connector=connector) as http:

            async def post(url: str, body: dict[str, Any]) -> None:
                nonlocal failed
                async with limit, http.post(url, json=body, headers=headers) as response:
                    failed += response.status != 200

            await asyncio.gather(
                *(post(stream["url"], body) for stream in streams for body in stream["bodies"])
            )
        return web.json_response({"failed": failed})

    async def deliver_line(request: web.Request) -> web.Response:
        """Each stream's questions as LINE text events (with reply tokens this fake accepts),
        one signed webhook call each, ``WEBHOOK_CONNECTIONS`` at a time, as LINE posts them."""
        streams = await request.json()
        failed = 0
        limit = asyncio.Semaphore(WEBHOOK_CONNECTIONS)
        connector = aiohttp.TCPConnector(limit=WEBHOOK_CONNECTIONS)
        async with aiohttp.ClientSession(connector=connector) as http:

            async def post(url: str, question: dict[str, Any]) -> None:
                nonlocal failed
                line.profiles[question["user"]] = {"language": question["language"]}
                event = line_events.text(question["user"], question["text"])
                if question.get("event_id"):  # the same event to a second instance
                    event["webhookEventId"] = question["event_id"]
                async with limit:
                    failed += await post_to_line(http, url, line_body(event)) != 200

            await asyncio.gather(
                *(post(stream["url"], q) for stream in streams for q in stream["questions"])
            )
        return web.json_response({"failed": failed})

    async def stats(_request: web.Request) -> web.Response:
        """Answers, suggestions and fallbacks all end with buttons: one per answered question."""
        replies = sum(
            1
            for fake in fakes
            for call in fake.calls
            if call.method == "sendMessage" and call.status == 200 and call.buttons
        )
        replies += sum(
            1
            for sent in line.sent
            if any("quickReply" in m or m.get("type") == "flex" for m in sent.messages)
        )
        return web.json_response({"replies": replies})

    control = web.Application(client_max_size=512 * 1024 * 1024)
    control.router.add_post("/push/{index}", push)
    control.router.add_post("/deliver", deliver)
    control.router.add_post("/deliver-line", deliver_line)
    control.router.add_post("/stats", stats)
    runner = web.AppRunner(control, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    ready = {
        "control": f"http://127.0.0.1:{port}",
        "apis": [f.base_url for f in fakes],
        "line": line.base_url,
    }
    print(json.dumps(ready), flush=True)
    await asyncio.Event().wait()


def fake_at(base_url: str) -> FakeTelegram:
    """A ``FakeTelegram`` that is only an address (the server runs in the fake process)."""
    fake = FakeTelegram()
    fake.port = int(base_url.rsplit(":", 1)[1].split("/", 1)[0])
    return fake


def fake_line_at(base_url: str) -> FakeLine:
    """A ``FakeLine`` that is only an address (the server runs in the fake process)."""
    fake = FakeLine()
    fake.port = int(base_url.rsplit(":", 1)[1])
    return fake


async def measure(
    probe: Probe, fakes: FakeProcess, deliver: Awaitable[None], timeout: float
) -> float:
    """Deliver the load, wait for the last answer; seconds taken (CPU and replies on probe)."""
    began, cpu = time.perf_counter(), time.process_time()
    await deliver
    await asyncio.wait_for(probe.done.wait(), timeout)
    probe.cpu_seconds = time.process_time() - cpu
    seconds = max(probe.finished.values()) - began
    probe.replies = (await fakes.call("/stats"))["replies"]
    return seconds


async def run_polling(
    scenario: Scenario, url: str, bodies: list[dict[str, Any]], concurrency: int, timeout: float
) -> Result:
    streams, deliveries = split_deliveries(bodies, scenario.instances)
    probe = Probe(expected=deliveries)
    async with FakeProcess(scenario.instances) as fakes:
        applications = []
        for api in fakes.api_urls:
            settings = make_settings(fake_at(api), url)
            application = build_application(settings, rate_limit=False, concurrency=concurrency)
            probe.attach(application)
            await start_polling(application, settings)
            applications.append(application)

        async def push() -> None:
            for index, stream in enumerate(streams):
                await fakes.call(f"/push/{index}", stream)

        try:
            seconds = await measure(probe, fakes, push(), timeout)
        finally:
            for application in applications:
                await stop_polling(application)
    metrics = [application.bot_data[METRICS_KEY] for application in applications]
    return summarise(scenario, probe, metrics, len(bodies), deliveries, seconds)


async def run_webhook(
    scenario: Scenario, url: str, bodies: list[dict[str, Any]], concurrency: int, timeout: float
) -> Result:
    streams, deliveries = split_deliveries(bodies, scenario.instances)
    probe = Probe(expected=deliveries)
    async with FakeProcess(1) as fakes:
        servers = []
        for _ in range(scenario.instances):
            settings = webhook_settings(fake_at(fakes.api_urls[0]), url)
            server = BotServer(
                settings,
                host="127.0.0.1",
                port=0,
                freeze_after_start=True,  # as run_server does
                telegram_options={"rate_limit": False, "concurrency": concurrency},
            )
            probe.attach(server.application)
            await server.start()
            servers.append(server)

        seconds = await post_and_measure(
            servers, streams, probe, fakes, ("/deliver", "bodies", settings.webhook_path), timeout
        )
    metrics = [server.metrics for server in servers]
    return summarise(scenario, probe, metrics, len(bodies), deliveries, seconds)


async def post_and_measure(
    servers: list[BotServer],
    streams: list[list[dict[str, Any]]],
    probe: Probe,
    fakes: FakeProcess,
    how: tuple[str, str, str],
    timeout: float,
) -> float:
    """Have the fake process post each stream to its server's webhook (``how``: the control
    path, the stream's key, the webhook path), measure, then stop the servers."""
    control, key, path = how

    async def post() -> None:
        targets = [
            {"url": server.local_url(path), key: stream}
            for server, stream in zip(servers, streams, strict=True)
        ]
        probe.errors += (await fakes.call(control, targets))["failed"]

    try:
        return await measure(probe, fakes, post(), timeout)
    finally:
        for server in servers:
            await server.stop()


def line_streams(
    bodies: list[dict[str, Any]], instances: int
) -> tuple[list[list[dict[str, Any]]], int]:
    """The Telegram workload's questions as LINE's: the same founders (as LINE user ids) ask
    the same questions in the same order, split between instances as ``split_deliveries``
    splits Telegram's (a founder's to one instance; with two, some reach both, as a
    redelivery with the same ``webhookEventId``)."""
    streams: list[list[dict[str, Any]]] = [[] for _ in range(instances)]
    rng = random.Random(11)
    for serial, update in enumerate(bodies):
        message = update["message"]
        chat = message["chat"]["id"]
        question = {
            "user": line_user_id(chat),
            "language": message["from"].get("language_code", "th"),
            "text": message["text"],
            "event_id": f"01LOADEVENT{serial:015d}",
        }
        streams[chat % instances].append(question)
        if instances > 1 and rng.random() < REDELIVERED_SHARE:
            streams[(chat + 1) % instances].append(question)
    return streams, sum(len(stream) for stream in streams)


async def run_line(
    scenario: Scenario, url: str, bodies: list[dict[str, Any]], concurrency: int, timeout: float
) -> Result:
    """LINE's webhook: the bot process with LINE only, the fake LINE API in the fake process."""
    streams, deliveries = line_streams(bodies, scenario.instances)
    probe = Probe(expected=deliveries)
    async with FakeProcess(1) as fakes:
        servers = []
        for _ in range(scenario.instances):
            server = BotServer(
                line_settings(fake_line_at(fakes.line_url), url),
                host="127.0.0.1",
                port=0,
                freeze_after_start=True,  # as run_server does
                line_options={"concurrency": concurrency},
            )
            await server.start()
            assert server.line is not None and server.line.bridge is not None
            time_line_events(probe, server.line.bridge)
            servers.append(server)

        how = ("/deliver-line", "questions", servers[0].settings.line_webhook_path)
        seconds = await post_and_measure(servers, streams, probe, fakes, how, timeout)
    metrics = [server.metrics for server in servers]
    probe.errors += handler_errors(metrics)
    return summarise(scenario, probe, metrics, len(bodies), deliveries, seconds)


def summarise(
    scenario: Scenario,
    probe: Probe,
    metrics: list[BotMetrics],
    questions: int,
    deliveries: int,
    seconds: float,
) -> Result:
    durations = sorted(probe.durations_ms())
    handled, skipped = handled_counts(metrics)
    p99 = durations[min(len(durations) - 1, int(len(durations) * 0.99))] if durations else 0.0
    return Result(
        scenario=scenario.name,
        questions=questions,
        deliveries=deliveries,
        handled=handled,
        skipped_duplicates=skipped,
        replies=probe.replies,
        errors=probe.errors,
        seconds=seconds,
        p50_ms=statistics.median(durations) if durations else 0.0,
        p99_ms=p99,
        cpu_ms=probe.cpu_seconds * 1000 / questions,
    )


async def run_one(scenario: Scenario, args: argparse.Namespace) -> Result:
    """One scenario on a fresh database."""
    bodies = workload(
        FakeTelegram(), load_questions(args.questions), args.founders, args.per_founder
    )

    with tempfile.TemporaryDirectory() as folder:
        if scenario.database == "sqlite":
            url = f"sqlite+aiosqlite:///{Path(folder) / 'load.sqlite3'}"
        else:
            url = args.pg_url
            await reset_database(url)
        runner = {"polling": run_polling, "webhook": run_webhook, "line": run_line}[
            scenario.transport
        ]
        return await runner(scenario, url, bodies, args.concurrency, args.timeout)


def peak_mb() -> float:
    """Peak resident memory of this process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scenarios(args: argparse.Namespace) -> Iterator[Scenario]:
    for transport, database, instances in itertools.product(
        args.transport, args.database, args.instances
    ):
        yield Scenario(transport, database, instances)


def run_in_subprocess(scenario: Scenario, args: argparse.Namespace) -> Result:
    """Each scenario in a fresh process: separate peak memory, no state carried over."""
    command = [
        sys.executable, "-m", "benchmarks.load", "--child",
        "--transport", scenario.transport, "--database", scenario.database,
        "--instances", str(scenario.instances), "--founders", str(args.founders),
        "--per-founder", str(args.per_founder), "--concurrency", str(args.concurrency),
        "--timeout", str(args.timeout), "--pg-url", args.pg_url,
    ]  # fmt: skip
    if args.questions is not None:
        command += ["--questions", str(args.questions)]
    env = {**os.environ, "LOG_LEVEL": "WARNING"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{scenario.name} failed:\n{done.stderr[-3000:]}")
    return Result(**json.loads(done.stdout.strip().splitlines()[-1]))


COLUMNS = (
    ("scenario", lambda r: r.scenario),
    ("questions", lambda r: r.questions),
    ("deliveries", lambda r: r.deliveries),
    ("updates/s", lambda r: f"{r.per_second:.0f}"),
    ("p50 ms", lambda r: f"{r.p50_ms:.1f}"),
    ("p99 ms", lambda r: f"{r.p99_ms:.1f}"),
    ("CPU ms/question", lambda r: f"{r.cpu_ms:.1f}"),
    ("errors", lambda r: r.errors),
    ("lost", lambda r: r.lost),
    ("duplicated", lambda r: r.duplicated),
    ("redeliveries skipped", lambda r: r.skipped_duplicates),
    ("replies", lambda r: r.replies),
    ("peak MB", lambda r: f"{r.peak_mb:.0f}"),
)


def table(results: list[Result]) -> str:
    """The README's results table (Markdown)."""
    lines = [
        "| " + " | ".join(name for name, _value in COLUMNS) + " |",
        "| --- |" + " ---: |" * (len(COLUMNS) - 1),
    ]
    lines += ["| " + " | ".join(str(value(r)) for _name, value in COLUMNS) + " |" for r in results]
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transport", nargs="+", default=["polling", "webhook", "line"])
    parser.add_argument("--database", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--instances", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--founders", type=int, default=500)
    parser.add_argument("--per-founder", type=int, default=4, help="at most 12 (FAQ throttle)")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per scenario")
    parser.add_argument(
        "--rounds", type=int, default=1, help="run every scenario this many times, alternately"
    )
    parser.add_argument("--questions", type=Path, help="a .jsonl file of {'query': ...}")
    parser.add_argument("--pg-url", default=os.environ.get("LOAD_DATABASE_URL", DEFAULT_PG))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--serve-fakes", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:  # one scenario: flat values
        args.transport, args.database = args.transport[0], args.database[0]
        args.instances = args.instances[0]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
    if args.serve_fakes:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(serve_fakes(args.serve_fakes))
        return 0
    if args.child:
        scenario = Scenario(args.transport, args.database, args.instances)
        # the loop production runs on (run_polling and run_webhook): uvloop where installed
        with asyncio.Runner(loop_factory=new_event_loop) as runner:
            result = runner.run(run_one(scenario, args))
        result.peak_mb = peak_mb()
        print(json.dumps(dataclasses.asdict(result)))
        return 0
    print(
        f"{args.founders} founders x {args.per_founder} questions, concurrency "
        f"{args.concurrency}, rate limiter off, loopback fake Bot API; "
        f"two instances: {REDELIVERED_SHARE:.0%} of updates delivered to both",
        flush=True,
    )
    results = []
    for _round in range(args.rounds):  # round by round: a busy spell hits every scenario
        for scenario in scenarios(args):
            result = run_in_subprocess(scenario, args)
            print(
                f"{scenario.name}: {result.per_second:.0f} updates/s", file=sys.stderr, flush=True
            )
            results.append(result)
    print(table(results))
    for line in line_against_telegram(results):
        print(line)
    failed = [r for r in results if r.errors or r.lost or r.duplicated]
    return 1 if failed else 0


def line_against_telegram(results: list[Result]) -> list[str]:
    """LINE's webhook throughput and latency as a share of Telegram's webhook, per database
    and number of instances (medians over the rounds)."""
    lines = []
    for telegram_name in sorted(
        {r.scenario for r in results if r.scenario.startswith("webhook-")}
    ):
        line_name = "line-" + telegram_name.removeprefix("webhook-")
        telegram = [r for r in results if r.scenario == telegram_name]
        line = [r for r in results if r.scenario == line_name]
        if not line:
            continue
        rate_t = statistics.median(r.per_second for r in telegram)
        rate_l = statistics.median(r.per_second for r in line)
        p50_t = statistics.median(r.p50_ms for r in telegram)
        p50_l = statistics.median(r.p50_ms for r in line)
        lines.append(
            f"{line_name} / {telegram_name}: {rate_l:.0f} / {rate_t:.0f} updates/s = "
            f"{rate_l / rate_t:.2f}; p50 {p50_l:.1f} / {p50_t:.1f} ms "
            f"(medians of {len(line)} and {len(telegram)} runs)"
        )
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
