"""Staff roles and the counselor group of each university."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.store.audit import audit
from staj.store.models import CounselorGroup, StaffMember

ADMIN, COUNSELOR = "admin", "counselor"
ROLES = (ADMIN, COUNSELOR)


@dataclass(frozen=True)
class Staff:
    telegram_user_id: int
    role: str
    display_name: str
    institution: str | None
    departments: tuple[str, ...]

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN

    def serves(self, institution: str | None) -> bool:
        """Admins serve every university; a counselor their own."""
        return self.is_admin or (institution is not None and institution == self.institution)


def _staff(row: StaffMember) -> Staff:
    departments = tuple(d.strip() for d in (row.departments or "").split(",") if d.strip())
    return Staff(row.telegram_user_id, row.role, row.display_name, row.institution, departments)


async def add_staff(
    sessions: async_sessionmaker[AsyncSession],
    telegram_user_id: int,
    role: str,
    display_name: str,
    institution: str | None,
    departments: list[str],
    actor: str,
) -> Staff:
    if role not in ROLES:
        raise ValueError(role)
    if role == COUNSELOR and not institution:
        raise ValueError("a counselor needs an institution")
    async with sessions.begin() as session:
        row = await session.get(StaffMember, telegram_user_id)
        if row is None:
            row = StaffMember(telegram_user_id=telegram_user_id)
            session.add(row)
        row.role = role
        row.display_name = display_name[:64]
        row.institution = institution
        row.departments = ",".join(departments) or None
        row.added_by = actor[:128]
        audit(session, actor, "staff_added", f"staff:{telegram_user_id}", role)
        return _staff(row)


async def remove_staff(
    sessions: async_sessionmaker[AsyncSession], telegram_user_id: int, actor: str
) -> bool:
    async with sessions.begin() as session:
        result = await session.execute(
            delete(StaffMember).where(StaffMember.telegram_user_id == telegram_user_id)
        )
        audit(session, actor, "staff_removed", f"staff:{telegram_user_id}")
        return bool(result.rowcount)  # type: ignore[attr-defined]


async def find_staff(session: AsyncSession, telegram_user_id: int) -> Staff | None:
    row = await session.get(StaffMember, telegram_user_id)
    return _staff(row) if row else None


async def get_staff(
    sessions: async_sessionmaker[AsyncSession], telegram_user_id: int
) -> Staff | None:
    async with sessions() as session:
        return await find_staff(session, telegram_user_id)


async def list_staff(sessions: async_sessionmaker[AsyncSession]) -> list[Staff]:
    async with sessions() as session:
        rows = await session.scalars(
            select(StaffMember).order_by(StaffMember.role, StaffMember.display_name)
        )
        return [_staff(r) for r in rows.all()]


async def register_group(
    sessions: async_sessionmaker[AsyncSession],
    institution: str,
    chat_id: int,
    has_topics: bool,
    actor: str,
) -> None:
    async with sessions.begin() as session:
        await session.execute(delete(CounselorGroup).where(CounselorGroup.chat_id == chat_id))
        row = await session.get(CounselorGroup, institution)
        if row is None:
            row = CounselorGroup(institution=institution)
            session.add(row)
        row.chat_id = chat_id
        row.has_topics = has_topics
        audit(session, actor, "counselor_group", f"institution:{institution}")
