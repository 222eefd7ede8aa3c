"""watch_hits.sending, and "expected" attendance

Hits get `sending`: for each channel, the id of the notice carrying them
there, recorded before it is sent, so a run killed mid-send sends that same
notice again with the same id. Attendance gets the role "expected" (a
member listed for a meeting not yet held): rows that older crawls stored as
members, chairs or vice-chairs of a cancelled or postponed meeting, or of a
scheduled one still to come, become "expected" — nobody attended those.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 04:30:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_attendances = sa.table(
    "attendances",
    sa.column("id", sa.Integer),
    sa.column("meeting_id", sa.Integer),
    sa.column("person", sa.String),
    sa.column("role", sa.String),
)
_meetings = sa.table(
    "meetings",
    sa.column("id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("start", sa.DateTime),
)
_PRESENT = ("member", "chair", "vice_chair")


def _set_role(rows: sa.Select[tuple[int, int, str]], role: str) -> None:
    """Give these attendance rows `role`, one row per person and meeting (the key is unique)."""
    connection = op.get_bind()
    have = {
        (meeting, person)
        for meeting, person in connection.execute(
            sa.select(_attendances.c.meeting_id, _attendances.c.person).where(
                _attendances.c.role == role
            )
        )
    }
    for row_id, meeting, person in connection.execute(rows).all():
        if (meeting, person) in have:
            connection.execute(_attendances.delete().where(_attendances.c.id == row_id))
        else:
            have.add((meeting, person))
            connection.execute(
                _attendances.update().where(_attendances.c.id == row_id).values(role=role)
            )


def upgrade() -> None:
    with op.batch_alter_table("watch_hits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sending", sa.JSON(), nullable=False, server_default="{}"))
    now = datetime.now(UTC).replace(tzinfo=None)
    not_held = sa.select(_meetings.c.id).where(
        sa.or_(
            _meetings.c.status.in_(("cancelled", "postponed")),
            sa.and_(_meetings.c.status == "scheduled", _meetings.c.start >= now),
        )
    )
    _set_role(
        sa.select(_attendances.c.id, _attendances.c.meeting_id, _attendances.c.person)
        .where(_attendances.c.role.in_(_PRESENT), _attendances.c.meeting_id.in_(not_held))
        .order_by(_attendances.c.id),
        "expected",
    )


def downgrade() -> None:
    # Older code knows no "expected": it stored those people as members.
    _set_role(
        sa.select(_attendances.c.id, _attendances.c.meeting_id, _attendances.c.person)
        .where(_attendances.c.role == "expected")
        .order_by(_attendances.c.id),
        "member",
    )
    with op.batch_alter_table("watch_hits", schema=None) as batch_op:
        batch_op.drop_column("sending")
