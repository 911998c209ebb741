"""Quarters in KST, and the rule for when a quarter's audit is due."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

KST = ZoneInfo("Asia/Seoul")
# The audit of a quarter is due by the 15th of the month after it ends: the quarter must be
# over for its figures to be final, and its last month's access-log review (제8조 ②, 월 1회)
# is done in the first days of that month; two weeks leave the officer time to look, write
# findings and start the actions, without letting the next quarter's work pile up.
DUE_DAY = 15


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def of(cls, day: datetime.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def label(self) -> str:
        return f"{self.year}년 {self.number}분기"

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    @property
    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    @property
    def last_day(self) -> datetime.date:
        return self.next.first_day - datetime.timedelta(days=1)

    @property
    def due(self) -> datetime.date:
        return self.next.first_day.replace(day=DUE_DAY)

    @property
    def months(self) -> list[datetime.date]:
        return [self.first_day.replace(month=self.first_day.month + i) for i in range(3)]

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """[first day 00:00 KST, the next quarter's first day 00:00 KST)."""
        start = datetime.datetime.combine(self.first_day, datetime.time(), tzinfo=KST)
        end = datetime.datetime.combine(self.next.first_day, datetime.time(), tzinfo=KST)
        return start, end
