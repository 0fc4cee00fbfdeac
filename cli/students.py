"""The career office's commands for students: import students and applications, issue link
codes, set and show one student's application status."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from pathlib import Path

from cli.common import default_actor, with_database
from staj.clock import LOCAL, SystemClock
from staj.config import Settings
from staj.institutions import institution_codes
from staj.rules.calendar import format_date
from staj.services import office_data
from staj.services.personal_data import Forgotten
from staj.store import Database, links, record_views, records
from staj.store.models import aware
from staj.students import importing
from staj.students.statuses import programmes, statuses


def cmd_import(settings: Settings, args: argparse.Namespace) -> int:
    path = Path(args.file)
    actor = f"{args.by or default_actor()} · içe aktarma: {path.name}"
    outcome = with_database(
        settings, lambda db: office_data.import_file(db.sessions, args.kind, path, actor)
    )
    lines = office_data.report(path.name, outcome)
    if isinstance(outcome, office_data.Rejected):
        # The errors indented between the headline and the advice.
        lines = [lines[0], *(f"  {e}" for e in lines[1:-1]), lines[-1]]
    print("\n".join(lines))
    return 1 if isinstance(outcome, office_data.Rejected) else 0


def cmd_link_codes(settings: Settings, args: argparse.Namespace) -> int:
    now = SystemClock().now()
    numbers = args.student or None
    issued, unknown = with_database(
        settings,
        lambda db: links.issue_codes(
            db.sessions,
            args.institution,
            numbers,
            timedelta(days=args.days),
            now,
            args.by or default_actor(),
            only_unlinked=args.unlinked,
        ),
    )
    for number in unknown:
        print(
            f"Uyarı: {args.institution} öğrencisi {number} kayıtlı değil; kod verilmedi.",
            file=sys.stderr,
        )
    username = args.bot_username or settings.telegram_bot_username
    sheet = office_data.code_sheet(issued, username)
    if args.out:
        Path(args.out).write_text(sheet, encoding="utf-8", newline="")
    else:
        sys.stdout.write(sheet)
    print(
        f"{len(issued)} kod verildi ({args.days} gün geçerli, tek kullanımlık). Kodlar yalnızca "
        "şimdi görünür: veritabanında özetleri saklanır. Öğrencilerin önceki kullanılmamış "
        "kodları geçersiz oldu.",
        file=sys.stderr,
    )
    return 0 if not unknown else 1


_STATUS_OPTIONS = {
    "offer_type": "teklif_turu",
    "employer": "isveren",
    "city": "sehir",
    "start": "baslangic",
    "end": "bitis",
    "answer_by": "cevap_son_gun",
    "contact": "isveren_iletisim",
    "reason": "red_nedeni",
}
_ROW_TO_FIELD = {
    "teklif_turu": "offer_type",
    "isveren": "employer",
    "sehir": "city",
    "baslangic": "start_date",
    "bitis": "end_date",
    "cevap_son_gun": "answer_by",
    "isveren_iletisim": "employer_contact",
    "red_nedeni": "rejection_reason",
}


def cmd_status_set(settings: Settings, args: argparse.Namespace) -> int:
    row = {
        "ogrenci_no": args.student,
        "universite": args.institution,
        "program": args.programme,
        "yil": str(args.year),
        "durum": args.status,
    }
    given = {
        column: getattr(args, option)
        for option, column in _STATUS_OPTIONS.items()
        if getattr(args, option) is not None
    }
    row.update(given)
    try:
        parsed = importing.parse_application_row(0, row)
    except importing.RowError as exc:
        print(f"Geçersiz: {exc}", file=sys.stderr)
        return 2
    values = {_ROW_TO_FIELD[c]: getattr(parsed, _ROW_TO_FIELD[c]) for c in given}
    change = records.StatusUpdate(
        parsed.institution,
        parsed.student_number,
        parsed.programme,
        parsed.year,
        parsed.status,
        values,
    )
    try:
        outcome = with_database(
            settings, lambda db: records.set_status(db.sessions, change, args.by)
        )
    except records.UnknownStudent:
        print(f"{args.institution} öğrencisi {args.student} kayıtlı değil.", file=sys.stderr)
        return 1
    label = statuses()[parsed.status].label
    verb = {"created": "oluşturuldu", "updated": "güncellendi", "unchanged": "zaten böyleydi"}[
        outcome
    ]
    print(
        f"{parsed.student_number} · {programmes()[parsed.programme].name} {parsed.year}: “{label}” ({verb})."
    )
    return 0


def _label(code: str | None) -> str:
    return statuses()[code].label if code in statuses() else (code or "—")


def cmd_status_show(settings: Settings, args: argparse.Namespace) -> int:
    view = with_database(
        settings, lambda db: record_views.staff_view(db.sessions, args.institution, args.student)
    )
    if view is None:
        print(f"{args.institution} öğrencisi {args.student} kayıtlı değil.", file=sys.stderr)
        return 1
    if not view:
        print("Bu öğrencinin başvurusu yok.")
    for app, changes in view:
        details = [
            f"{label}: {value}"
            for label, value in (
                ("teklif", app.offer_type),
                ("işveren", app.employer),
                ("şehir", app.city),
                ("başlangıç", app.start_date and format_date(app.start_date)),
                ("bitiş", app.end_date and format_date(app.end_date)),
                ("cevap son gün", app.answer_by and format_date(app.answer_by)),
                ("staj sorumlusu", app.employer_contact),
                ("red nedeni", app.rejection_reason),
            )
            if value
        ]
        print(f"{programmes()[app.programme].name} {app.year}: {_label(app.status)}")
        if details:
            print("  " + " · ".join(details))
        for change in changes:
            at = aware(change.changed_at).astimezone(LOCAL).strftime("%d.%m.%Y %H:%M")
            print(
                f"  {at}  {_label(change.from_status)} → {_label(change.to_status)}  ({change.changed_by})"
            )
    return 0


def cmd_student_forget(settings: Settings, args: argparse.Namespace) -> int:
    """An erasure request that came through the office (KVKK art. 11)."""
    from staj.services.handoffs import HandoffDesk
    from staj.services.personal_data import PersonalDataDesk

    async def forget(db: Database) -> Forgotten | None:
        handoffs = HandoffDesk(db.sessions, SystemClock(), timedelta(minutes=10), timedelta(hours=1))  # fmt: skip
        desk = PersonalDataDesk(db.sessions, settings.tracker_store_url, handoffs)
        return await desk.forget_student(args.institution, args.student, args.by or default_actor())  # fmt: skip

    done = with_database(settings, forget)
    if done is None:
        print(f"{args.institution} öğrencisi {args.student} kayıtlı değil; silinecek bir şey yok.")
        return 1
    linked = " ve bağlı Telegram hesabının verileri" if done.accounts else ""
    print(f"Öğrencinin kaydı{linked} silindi ({done.rows} satır). Denetim kaydına yazıldı.")
    return 0


def cmd_retention(settings: Settings, args: argparse.Namespace) -> int:
    """Apply the retention policy now (or, with --dry-run, only count what it would remove)."""
    from staj.services.retention import RetentionDesk

    async def run(db: Database) -> dict[str, int]:
        return await RetentionDesk(db.sessions, settings, SystemClock()).run(args.dry_run)

    removed = with_database(settings, run)
    verb = "silinecek" if args.dry_run else "silindi"
    for kind, count in removed.items():
        print(f"{kind}: {count} {verb}")
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    institutions = sorted(institution_codes())
    imp = sub.add_parser("import", help="kariyer merkezinin CSV dosyalarını içe aktarır")
    imp.add_argument("kind", choices=["students", "applications"], help="dosya türü")
    imp.add_argument("file", help="UTF-8 CSV (virgül ya da noktalı virgül ile ayrılmış)")
    imp.add_argument("--by", help="değişikliği yapan (durum geçmişine yazılır)")
    imp.set_defaults(func=cmd_import)

    codes = sub.add_parser("link-codes", help="öğrencilere tek kullanımlık bağlantı kodları verir")
    codes.add_argument("--institution", required=True, choices=institutions)
    codes.add_argument("--student", nargs="*", help="öğrenci numaraları (yoksa hepsi)")
    codes.add_argument("--unlinked", action="store_true", help="yalnızca hesabı bağlı olmayanlar")
    codes.add_argument(
        "--days", type=int, default=14, help="geçerlilik süresi, gün (varsayılan 14)"
    )
    codes.add_argument("--out", help="kodların yazılacağı CSV dosyası (yoksa ekrana)")
    codes.add_argument("--bot-username", help="t.me bağlantıları için botun kullanıcı adı")
    codes.add_argument("--by", help="kodları veren")
    codes.set_defaults(func=cmd_link_codes)

    status = sub.add_parser("status", help="bir öğrencinin başvuru durumu")
    status_sub = status.add_subparsers(dest="status_command", required=True)
    set_ = status_sub.add_parser("set", help="bir başvurunun durumunu değiştirir")
    set_.add_argument("--institution", required=True, choices=institutions)
    set_.add_argument("--student", required=True, help="öğrenci numarası")
    set_.add_argument("--programme", required=True, choices=sorted(programmes()))
    set_.add_argument("--year", required=True, type=int)
    set_.add_argument("--status", required=True, help="durum kodu ya da adı")
    set_.add_argument("--offer-type", choices=["asil", "yedek"])
    set_.add_argument("--answer-by", help="teklife cevap için son gün (GG.AA.YYYY)")
    set_.add_argument("--employer")
    set_.add_argument("--city")
    set_.add_argument("--start", help="staj başlangıcı (GG.AA.YYYY)")
    set_.add_argument("--end", help="staj bitişi (GG.AA.YYYY)")
    set_.add_argument("--contact", help="işverenin staj sorumlusu")
    set_.add_argument("--reason", help="red nedeni (BYS)")
    set_.add_argument("--by", required=True, help="değişikliği yapan (durum geçmişine yazılır)")
    set_.set_defaults(func=cmd_status_set)
    retention = sub.add_parser("retention", help="saklama süresi dolan kişisel verileri siler")
    mode = retention.add_mutually_exclusive_group(required=True)
    mode.add_argument("--dry-run", action="store_true", help="yalnızca neyin silineceğini say")
    mode.add_argument("--apply", action="store_true", help="sil")
    retention.set_defaults(func=cmd_retention)

    student = sub.add_parser("student", help="bir öğrencinin kaydı (KVKK talepleri)")
    student_sub = student.add_subparsers(dest="student_command", required=True)
    forget = student_sub.add_parser(
        "forget", help="öğrencinin kaydını ve bağlı Telegram hesabının verilerini tamamen siler"
    )
    forget.add_argument("--institution", required=True, choices=institutions)
    forget.add_argument("--student", required=True, help="öğrenci numarası")
    forget.add_argument("--by", help="talebi işleyen (denetim kaydına yazılır)")
    forget.set_defaults(func=cmd_student_forget)

    show = status_sub.add_parser("show", help="bir öğrencinin başvurularını ve geçmişini gösterir")
    show.add_argument("--institution", required=True, choices=institutions)
    show.add_argument("--student", required=True)
    show.set_defaults(func=cmd_status_show)
