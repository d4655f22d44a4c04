"""Partial-date reasoning: weekdays, year-less days, terms of office, several reports of a call."""

import datetime as dt

import pytest

from ingest.pipeline.date_logic import (
    ReportedDate,
    combine_reported_dates,
    dates_compatible,
    resolve_weekday,
    year_for_month_day,
    years_matching,
)

D = dt.date
MON, TUE, WED, SAT = 0, 1, 2, 5
TODAY = D(2025, 5, 1)

# Real terms of office.
BLINKEN = [(D(2021, 1, 26), D(2025, 1, 20))]
NETANYAHU = [(D(2009, 3, 31), D(2021, 6, 13)), (D(2022, 12, 29), None)]
ABBAS = [(D(2005, 1, 15), None)]


@pytest.mark.parametrize(
    "weekday, anchor, forward, expected",
    [
        (MON, D(2021, 2, 23), False, D(2021, 2, 22)),  # "spoke Monday", published Tue → Mon
        (TUE, D(2023, 9, 5), False, D(2023, 9, 5)),  # "on Tuesday", published Tue → that day
        (SAT, D(2021, 1, 27), False, D(2021, 1, 23)),  # "on Saturday" before Wed 27 Jan → Sat 23
        (MON, D(2024, 6, 24), False, D(2024, 6, 24)),  # Mon → Mon
        (WED, D(2024, 6, 24), True, D(2024, 6, 26)),  # scheduled "on Wednesday" from Mon → Wed 26
        (SAT, D(2024, 3, 1), False, D(2024, 2, 24)),  # across a month end (leap year)
    ],
)
def test_resolve_weekday(weekday, anchor, forward, expected):
    assert resolve_weekday(weekday, anchor, forward=forward) == expected
    assert expected.weekday() == weekday


@pytest.mark.parametrize(
    "month_day, published, expected",
    [
        ((9, 5), D(2023, 9, 6), D(2023, 9, 5)),  # "Sept. 5" published the next day
        ((9, 5), D(2024, 1, 10), D(2023, 9, 5)),  # published in January → last year's
        ((1, 31), D(2022, 1, 31), D(2022, 1, 31)),  # "on Jan. 31", same day
        ((2, 2), D(2022, 1, 31), D(2022, 2, 2)),  # two days after publication: slack
        ((2, 10), D(2022, 1, 31), D(2021, 2, 10)),  # beyond the slack: the year before
        ((2, 29), D(2023, 3, 1), D(2020, 2, 29)),  # 29 Feb: the last leap year
    ],
)
def test_year_for_month_day(month_day, published, expected):
    assert year_for_month_day(month_day, published) == expected


@pytest.mark.parametrize(
    "month_day, weekday, terms, expected",
    [
        # Blinken and Netanyahu as PM: Sept. 5 in 2023 and 2024 (Netanyahu out in 2021–22).
        ((9, 5), None, [BLINKEN, NETANYAHU], [2023, 2024]),
        # ... and a Tuesday only in 2023.
        ((9, 5), TUE, [BLINKEN, NETANYAHU], [2023]),
        # Blinken and Abbas: every September of Blinken's term.
        ((9, 5), None, [BLINKEN, ABBAS], [2021, 2022, 2023, 2024]),
        # Sept. 5 fell on a Monday in 2022 only.
        ((9, 5), MON, [BLINKEN, ABBAS], [2022]),
        # Nobody known: no year can be told.
        ((9, 5), None, [], []),
        # Before the term began on 26 Jan 2021, 20 Jan is out that year.
        ((1, 20), None, [BLINKEN], [2022, 2023, 2024, 2025]),
    ],
)
def test_years_matching(month_day, weekday, terms, expected):
    assert years_matching(month_day, weekday, terms, today=TODAY) == expected


def R(
    date=None,
    precision=None,
    basis="explicit",
    weekday=None,
    month_day=None,
    specific=True,
    text="",
):
    precision = precision or ("day" if date else "unknown")
    return ReportedDate(date, precision, basis, weekday, month_day, specific, text)


@pytest.mark.parametrize(
    "a, b, compatible",
    [
        (R(D(2023, 9, 5)), R(D(2023, 9, 5)), True),  # same day
        (R(D(2023, 9, 5)), R(D(2023, 9, 4), basis="relative"), True),  # one day apart: slack
        (R(D(2023, 9, 5)), R(D(2023, 9, 7)), False),  # two days apart
        (R(D(2023, 9, 5)), R(weekday=TUE, basis="relative"), True),  # Sept. 5 2023 is a Tuesday
        (R(D(2023, 9, 5)), R(weekday=MON, basis="relative"), True),  # Monday: within the slack
        (R(D(2023, 9, 5)), R(weekday=SAT, basis="relative"), False),  # Saturday: no
        (R(D(2023, 9, 5)), R(month_day=(9, 5)), True),  # "Sept. 5" without a year
        (R(D(2023, 9, 5)), R(month_day=(10, 5)), False),
        (R(month_day=(9, 5)), R(weekday=TUE, basis="relative"), True),  # cannot tell: compatible
        (R(D(2023, 9, 5)), R(), True),  # one says nothing
        (R(D(2023, 9, 1), "month"), R(D(2023, 9, 5)), True),  # "earlier this month"
        (R(D(2023, 8, 1), "month"), R(D(2023, 9, 5)), False),
        (R(weekday=MON), R(weekday=SAT), False),
    ],
)
def test_dates_compatible(a, b, compatible):
    assert dates_compatible(a, b) is compatible
    assert dates_compatible(b, a) is compatible


def test_dates_compatible_without_slack_needs_the_same_day():
    assert not dates_compatible(R(D(2023, 9, 5)), R(D(2023, 9, 4)), slack_days=0)
    assert not dates_compatible(R(D(2023, 9, 5)), R(weekday=MON), slack_days=0)


SEPT5 = D(2023, 9, 5)


@pytest.mark.parametrize(
    "reports, terms, expected_date, expected_basis, disputed",
    [
        # Seed 003 "Sept. 5" (shared by two calls) + seed 001 "on Tuesday" (this call alone)
        # + terms of office → 2023, the only year in which Sept. 5 was a Tuesday.
        (
            [R(month_day=(9, 5), specific=False, text="Sept. 5"), R(weekday=TUE, basis="relative")],
            [BLINKEN, NETANYAHU],
            SEPT5,
            "cross_source",
            False,
        ),
        # "Sept. 5" alone: Netanyahu's terms leave 2023 and 2024 — no year is invented.
        ([R(month_day=(9, 5))], [BLINKEN, NETANYAHU], None, "explicit", False),
        # A date said of this call alone beats one shared by a list of calls.
        (
            [R(SEPT5, specific=False), R(D(2023, 9, 4), basis="relative", specific=True)],
            [],
            D(2023, 9, 4),
            "relative",
            True,
        ),
        # Explicit beats relative.
        (
            [R(D(2023, 9, 4), basis="relative"), R(SEPT5, basis="explicit")],
            [],
            SEPT5,
            "explicit",
            True,
        ),
        # Relative beats term of office.
        (
            [R(D(2021, 1, 27), basis="term_of_office"), R(D(2021, 1, 28), basis="relative")],
            [],
            D(2021, 1, 28),
            "relative",
            True,
        ),
        # More agreeing reports beat fewer of the same kind.
        (
            [
                R(SEPT5, basis="relative"),
                R(SEPT5, basis="relative"),
                R(D(2023, 9, 4), "day", "relative"),
            ],
            [],
            SEPT5,
            "relative",
            True,
        ),
        # Agreement of a weekday with the day: not disputed.
        ([R(SEPT5), R(weekday=TUE, basis="relative")], [], SEPT5, "explicit", False),
        # A year-less day and another report's month: the year from that report.
        (
            [R(month_day=(9, 5)), R(D(2023, 9, 1), "month", "relative")],
            [],
            SEPT5,
            "cross_source",
            False,
        ),
        # Nothing usable.
        ([R(), R()], [], None, "unknown", False),
    ],
)
def test_combine_reported_dates(reports, terms, expected_date, expected_basis, disputed):
    date, precision, basis, is_disputed, note = combine_reported_dates(reports, terms, today=TODAY)
    assert date == expected_date
    assert precision == ("day" if expected_date else "unknown")
    assert basis == expected_basis
    assert is_disputed is disputed
    if reports and not all(r.is_empty for r in reports):
        assert note


def test_combine_names_the_years_left_open():
    _, _, _, _, note = combine_reported_dates(
        [R(month_day=(9, 5))], [BLINKEN, NETANYAHU], today=TODAY
    )
    assert "2023" in note and "2024" in note


def test_combine_weekday_that_never_fits_is_disputed():
    # Sept. 5 was never a Sunday in Blinken's and Netanyahu's shared terms (2023 Tue, 2024 Thu).
    date, _, _, disputed, _ = combine_reported_dates(
        [R(month_day=(9, 5)), R(weekday=6, basis="relative")], [BLINKEN, NETANYAHU], today=TODAY
    )
    assert date is None
    assert disputed
