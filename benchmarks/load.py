"""Load: 1, 10, 50 and 200 students writing at once, through the fake Telegram, the bot,
Rasa and the action server; beside Rasa's own channel driven with the same messages in the
same run (what the bot adds on top of Rasa).

    .venv/bin/python benchmarks/load.py [--students 1 10 50 200]
    .venv/bin/python benchmarks/load.py --replicas 1,2 [--students 50 200]

With --replicas, the scale-out mode instead: for each count, that many Rasa servers and
action servers sharing a tracker store on PostgreSQL and locks in Redis (both from Debian's
packages, started here), the bot spreading the students over them; the counts side by side.

Prints per load: p50/p95 of the first reply's latency, messages per second, lost replies
(none within 120 s), apologies (Rasa not answering within RASA_TIMEOUT_SECONDS) and
duplicated replies, and the resident memory (RSS) of the bot, Rasa and
the action server afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.latency import QUESTIONS, percentile  # noqa: E402
from bot.texts import text  # noqa: E402


@dataclass
class Round:
    path: str
    students: int
    latencies: list[float]
    seconds: float
    lost: int
    apologies: int
    duplicated: int

    def line(self) -> str:
        ms = [t * 1000 for t in self.latencies] or [0.0]
        rate = len(self.latencies) / self.seconds if self.seconds else 0.0
        return (f"{self.path:<26} {self.students:>8} {percentile(ms, 0.5):>8.0f} "
                f"{percentile(ms, 0.95):>8.0f} {rate:>9.1f} {self.lost:>6} {self.apologies:>6} "
                f"{self.duplicated:>6}")  # fmt: skip


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


async def through_the_bot(telegram, students: int, first_user: int) -> Round:  # type: ignore[no-untyped-def]
    users = [first_user + n for n in range(students)]
    started: dict[int, float] = {}
    begin = time.perf_counter()
    for n, user in enumerate(users):
        started[user] = time.perf_counter()
        await telegram.send_text(user, QUESTIONS[n % len(QUESTIONS)])

    async def first_reply(user: int) -> float | None:
        try:
            await telegram.wait_for_messages(user, 1, timeout=120, settle=0.0)
        except TimeoutError:
            return None
        return time.perf_counter() - started[user]

    latencies = await asyncio.gather(*(first_reply(u) for u in users))
    seconds = time.perf_counter() - begin
    await asyncio.sleep(1.5)  # a duplicate would arrive by now
    got = [t for t in latencies if t is not None]
    duplicated = sum(len(telegram.messages_to(u)) > 1 for u in users)
    apology = text("unavailable")
    apologies = sum(any(m.plain == apology for m in telegram.messages_to(u)) for u in users)
    return Round(
        "fake Telegram → bot → Rasa",
        students,
        got,
        seconds,
        students - len(got),
        apologies,
        duplicated,
    )


async def straight_to_rasa(rasa, students: int, first_user: int) -> Round:  # type: ignore[no-untyped-def]
    from staj.dialogue.rasa_client import RasaUnavailable

    async def one(n: int) -> float | None:
        started = time.perf_counter()
        try:
            await rasa.send(f"load-{first_user + n}", QUESTIONS[n % len(QUESTIONS)])
        except RasaUnavailable:
            return None
        return time.perf_counter() - started

    begin = time.perf_counter()
    latencies = await asyncio.gather(*(one(n) for n in range(students)))
    seconds = time.perf_counter() - begin
    got = [t for t in latencies if t is not None]
    return Round("Rasa's channel directly", students, got, seconds, students - len(got), 0, 0)


async def run(loads: list[int], stack) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    from bot.app import build_application, polling
    from bot.local_telegram import LocalTelegram
    from staj.config import load_settings
    from staj.dialogue.rasa_client import RasaClient

    # Our fake Telegram has no flood limit; the bot's own limiter would only add waiting.
    # The bot waits for Rasa as configured (RASA_TIMEOUT_SECONDS): past it, an apology.
    settings = dataclasses.replace(load_settings(), telegram_messages_per_second=1000.0)
    telegram = LocalTelegram()
    await telegram.start()
    rasa = RasaClient(settings.rasa_url, 120.0, settings.internal_secret)
    await rasa.start()
    rounds: list[Round] = []
    try:
        async with polling(build_application(settings, telegram.token, telegram.base_url)):
            await through_the_bot(telegram, 3, 40_000_000)  # warm up
            for index, students in enumerate(loads):
                rounds.append(await through_the_bot(telegram, students, 50_000_000 + index * 1000))
                rounds.append(await straight_to_rasa(rasa, students, 60_000_000 + index * 1000))
    finally:
        await rasa.close()
        await telegram.stop()
    print(f"\n{'path':<26} {'students':>8} {'p50 ms':>8} {'p95 ms':>8} {'msgs/s':>9} "
          f"{'lost':>6} {'apol.':>6} {'dupl.':>6}")  # fmt: skip
    for item in rounds:
        print(item.line())
    memory = {"bot (this process)": rss_mb(os.getpid())}
    for process in stack.started:
        if process.process is not None:
            memory[process.name] = rss_mb(process.process.pid)
    print("\nRSS after the run: " + ", ".join(f"{k} {v:,.0f} MB".replace(",", ".") for k, v in memory.items()))  # fmt: skip


async def through_replicas(cluster, loads: list[int], first_user: int) -> list[Round]:  # type: ignore[no-untyped-def]
    import dataclasses

    from bot.app import build_application, polling
    from bot.local_telegram import LocalTelegram

    settings = dataclasses.replace(cluster.settings, telegram_messages_per_second=1000.0)
    telegram = LocalTelegram()
    await telegram.start()
    rounds = []
    try:
        async with polling(build_application(settings, telegram.token, telegram.base_url)):
            await through_the_bot(telegram, 3, first_user - 1000)  # warm up
            for index, students in enumerate(loads):
                rounds.append(await through_the_bot(telegram, students, first_user + index * 1000))
    finally:
        await telegram.stop()
    return rounds


def replicas_side_by_side(counts: list[int], loads: list[int]) -> None:
    from staj.config import load_settings
    from staj.model.training import ensure_model
    from tests.support.cluster import running_cluster
    from tests.support.postgres import running_postgres
    from tests.support.redis import running_redis

    settings = load_settings()
    model = ensure_model(settings.faq_dir)
    lines, memory = [], []
    with running_postgres() as postgres, running_redis() as redis:
        for count in counts:
            workdir = Path(tempfile.mkdtemp(prefix=f"staj-load-{count}-"))
            with running_cluster(
                settings, model, workdir, postgres.new_database, redis.url, replicas=count
            ) as cluster:
                for item in asyncio.run(
                    through_replicas(cluster, loads, 70_000_000 + count * 100_000)
                ):
                    lines.append(f"{count:>8} " + item.line().replace("fake Telegram → bot → Rasa", "bot → Rasa servers"))  # fmt: skip
                rss = [rss_mb(p.process.pid) for p in cluster.rasa if p.process is not None]
                memory.append(f"{count} server(s): " + ", ".join(f"{v:,.0f} MB".replace(",", ".") for v in rss))  # fmt: skip
    print(f"\n{'servers':>8} {'path':<26} {'students':>8} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'msgs/s':>9} {'lost':>6} {'apol.':>6} {'dupl.':>6}")  # fmt: skip
    for line in lines:
        print(line)
    print(f"\nRSS of each Rasa server after its run: {'; '.join(memory)}")
    print(f"Cores on this machine: {os.cpu_count()} (every server, the bot, PostgreSQL and "
          "Redis share them: more servers than cores add no throughput here)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--students", type=int, nargs="+", default=None)
    parser.add_argument("--replicas", help="Rasa server counts to compare, e.g. 1,2")
    args = parser.parse_args()
    from bot.local_telegram import free_port

    tmp = tempfile.mkdtemp(prefix="staj-load-")
    os.environ.update(
        STAJ_VAR_DIR=tmp,
        DATABASE_URL=f"sqlite:///{tmp}/staj.db",
        RASA_PORT=str(free_port()),
        ACTION_SERVER_PORT=str(free_port()),
    )
    if args.replicas:
        counts = [int(part) for part in args.replicas.split(",") if part.strip()]
        replicas_side_by_side(counts, args.students or [50, 200])
        return
    args.students = args.students or [1, 10, 50, 200]
    from cli.processes import assistant_stack
    from staj.config import load_settings
    from staj.model.training import ensure_model
    from staj.store import upgrade_to_head

    settings = load_settings()
    upgrade_to_head(settings.database_url)
    with assistant_stack(settings, ensure_model(settings.faq_dir)) as stack:
        asyncio.run(run(args.students, stack))


if __name__ == "__main__":
    main()
