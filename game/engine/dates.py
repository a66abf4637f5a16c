"""Calendar arithmetic for turns: dates, months and turn lengths."""

from __future__ import annotations

from datetime import date, timedelta

from game.patterns import Pattern
from game.structs import struct

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

_DATE_RE = Pattern(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
_TURN_RE = Pattern(r"^\s*(\d+)\s*(day|week|month)s?\s*$")


class DateError(ValueError):
    """A date or turn length that cannot be read."""


def parse_date(text: str, *, end_of_month: bool = False) -> date:
    """Read `1924-01` or `1924-01-21`; a bare month means its first (or last) day."""
    m = _DATE_RE.match(text.strip())
    if not m:
        raise DateError(f"{text!r} is not a date (write 1924-01 or 1924-01-21)")
    year, month = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12:
        raise DateError(f"{text!r}: month {month} is not between 1 and 12")
    if m.group(3) is not None:
        day = int(m.group(3))
        last = days_in_month(year, month)
        if not 1 <= day <= last:
            raise DateError(f"{text!r}: day {day} is not in {MONTH_NAMES[month - 1]} {year}")
        return date(year, month, day)
    if end_of_month:
        return date(year, month, days_in_month(year, month))
    return date(year, month, 1)


@struct(frozen=True)
class TurnLength:
    """How far one turn moves the clock."""

    amount: int = 1
    unit: str = "month"

    @classmethod
    def parse(cls, text: str) -> TurnLength:
        m = _TURN_RE.match(text)
        if not m or int(m.group(1)) < 1:
            raise DateError(f"{text!r} is not a turn length (write '1 month', '2 weeks' or '10 days')")
        return cls(int(m.group(1)), m.group(2))

    def advance(self, d: date, turns: int = 1) -> date:
        """The date `turns` turns after `d`."""
        if self.unit == "month":
            return add_months(d, self.amount * turns)
        days = self.amount * turns * (7 if self.unit == "week" else 1)
        return d + timedelta(days=days)

    def count(self, start: date, end: date) -> int:
        """How many turns begin from `start` to `end`, both included (at least one)."""
        if self.unit == "month":
            guess = ((end.year - start.year) * 12 + end.month - start.month) // self.amount
        else:
            guess = (end - start).days // (self.amount * (7 if self.unit == "week" else 1))
        guess = max(0, guess)
        while guess > 0 and self.advance(start, guess) > end:   # a month's last days
            guess -= 1
        return guess + 1

    def __str__(self) -> str:
        return f"{self.amount} {self.unit}{'s' if self.amount != 1 else ''}"


# The days of each month in a year that is not a leap year.
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    """How many days month `month` (1-12) of `year` has, in the Gregorian calendar the game's dates keep."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


def add_months(d: date, months: int) -> date:
    """`d` moved by whole months, the day kept where the month allows."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    day = d.day
    if day > 28:
        day = min(day, days_in_month(year, month))
    return date(year, month, day)


def format_month(d: date) -> str:
    """`March 1924`."""
    return f"{MONTH_NAMES[d.month - 1]} {d.year}"


def format_when(d: date) -> str:
    """`March 1924`, or `18 December 1925` for a day other than the first of its month (an event
    that takes place on a day, a turn shorter than a month)."""
    return format_month(d) if d.day == 1 else f"{d.day} {format_month(d)}"
