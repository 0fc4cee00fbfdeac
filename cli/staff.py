"""The career office's commands for staff: add, remove and list counselors and admins."""

from __future__ import annotations

import argparse
import sys

from cli.common import default_actor, with_database
from staj.config import Settings
from staj.institutions import institution_codes


def cmd_staff_add(settings: Settings, args: argparse.Namespace) -> int:
    from staj.store import staff

    if args.role == staff.COUNSELOR and not args.institution:
        print("Danışman için --institution gerekli.", file=sys.stderr)
        return 2
    member = with_database(
        settings,
        lambda db: staff.add_staff(
            db.sessions,
            args.telegram_id,
            args.role,
            args.name,
            args.institution,
            args.department or [],
            args.by or default_actor(),
        ),
    )
    print(
        f"{member.display_name} ({member.telegram_user_id}): {member.role} {member.institution or ''}".rstrip()
    )
    return 0


def cmd_staff_remove(settings: Settings, args: argparse.Namespace) -> int:
    from staj.store import staff

    removed = with_database(
        settings,
        lambda db: staff.remove_staff(db.sessions, args.telegram_id, args.by or default_actor()),
    )
    print("Yetki kaldırıldı." if removed else "Bu kullanıcının yetkisi yoktu.")
    return 0 if removed else 1


def cmd_staff_list(settings: Settings, args: argparse.Namespace) -> int:
    from staj.store import staff

    members = with_database(settings, lambda db: staff.list_staff(db.sessions))
    for m in members:
        departments = f" [{', '.join(m.departments)}]" if m.departments else ""
        print(
            f"{m.telegram_user_id}\t{m.role}\t{m.institution or '-'}\t{m.display_name}{departments}"
        )
    if not members:
        print("Henüz yetkili personel yok.")
    return 0


def add_staff_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    staff_parser = sub.add_parser("staff", help="yönetici ve danışman yetkileri")
    staff_sub = staff_parser.add_subparsers(dest="staff_command", required=True)
    add = staff_sub.add_parser("add", help="yetki verir (varsa günceller)")
    add.add_argument("--telegram-id", type=int, required=True)
    add.add_argument("--role", choices=["admin", "counselor"], required=True)
    add.add_argument("--name", required=True, help="öğrencilere ve gruba görünen ad")
    add.add_argument("--institution", choices=sorted(institution_codes()))
    add.add_argument("--department", nargs="*", help="danışmanın bölümleri (isteğe bağlı)")
    add.add_argument("--by")
    add.set_defaults(func=cmd_staff_add)
    remove = staff_sub.add_parser("remove", help="yetkiyi kaldırır")
    remove.add_argument("--telegram-id", type=int, required=True)
    remove.add_argument("--by")
    remove.set_defaults(func=cmd_staff_remove)
    staff_sub.add_parser("list", help="yetkilileri listeler").set_defaults(func=cmd_staff_list)
