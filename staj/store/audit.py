"""The audit log: who did what to which record (internal ids only, KVKK)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from staj.store.models import AuditEntry, utcnow


def audit(
    session: AsyncSession,
    actor: str,
    action: str,
    subject: str | None = None,
    detail: str | None = None,
    at: datetime | None = None,
) -> None:
    """Add an entry in the caller's transaction, so that it lands with the change or not at all."""
    session.add(
        AuditEntry(
            at=at or utcnow(), actor=actor[:128], action=action, subject=subject, detail=detail
        )
    )
