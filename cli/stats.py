"""Usage statistics for a period from the command line (admins see them in /istatistik)."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from pathlib import Path

from cli.common import with_database
from staj.clock import LOCAL
from staj.config import Settings
from staj.faq.loader import load_knowledge_base


def cmd_stats(settings: Settings, args: argparse.Namespace) -> int:
    from datetime import datetime

    from staj.services import statistics
    from staj.staff.report import report
    from staj.staff.stats import chart_png
    from staj.text.dates import DateError, parse_date

    today = datetime.now(LOCAL).date()
    try:
        first = (
            parse_date(args.start, today) if args.start else today - timedelta(days=args.days - 1)
        )
        last = parse_date(args.end, today) if args.end else today
    except DateError as exc:
        print(exc, file=sys.stderr)
        return 2
    if first is None or last is None or first > last:
        print("Geçerli bir dönem verin: --from GG.AA.YYYY --to GG.AA.YYYY", file=sys.stderr)
        return 2
    figures = with_database(settings, lambda db: statistics.compute(db.sessions, first, last))
    print(report(figures, load_knowledge_base(settings.faq_dir)).replace("**", ""))
    if args.png:
        Path(args.png).write_bytes(chart_png(figures))
        print(f"Grafik: {args.png}")
    return 0


def cmd_rotate_stats_key(settings: Settings, args: argparse.Namespace) -> int:
    """A new pseudonym key for the statistics: what was logged before can no longer be tied
    to anyone's account, not even with the key (KVKK)."""
    from staj import keys

    keys.rotate(keys.STATS)
    print("İstatistik anahtarı yenilendi; bot ve eylem sunucusu yeniden başlayınca geçerli olur.")
    return 0


def add_stats_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("stats", help="kullanım istatistikleri (ve PNG grafik)")
    parser.add_argument("--days", type=int, default=30, help="son kaç gün (varsayılan 30)")
    parser.add_argument("--from", dest="start", help="başlangıç günü (GG.AA.YYYY)")
    parser.add_argument("--to", dest="end", help="bitiş günü (GG.AA.YYYY)")
    parser.add_argument("--png", help="grafiğin yazılacağı dosya")
    parser.set_defaults(func=cmd_stats)
    rotate = sub.add_parser(
        "rotate-stats-key", help="istatistik takma ad anahtarını yeniler (eski kayıtlar bağlanamaz)"
    )
    rotate.set_defaults(func=cmd_rotate_stats_key)
