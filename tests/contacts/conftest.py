"""Fixtures for the browsing views: the shared world with a few more calls around it."""

import datetime as dt

import pytest

from contacts.models import Official, Outlet
from tests.contacts.factories import make_call


@pytest.fixture
def more(world):
    """Beside the world's 2024 meeting: a disputed 2023 phone call, a month-precise 2021 call,
    an undated scheduled one, and a rejected one that must never show."""
    w = world
    w.netanyahu = Official.objects.create(
        name="Test Benjamin Netanyahu", slug="t-netanyahu", country="IL"
    )
    w.abbas = Official.objects.create(name="Test Mahmoud Abbas", slug="t-abbas", country="PS")
    w.other_outlet = Outlet.objects.create(name="Other Outlet", slug="o-outlet", country="IL")
    w.call2 = make_call(
        [w.blinken, w.netanyahu],
        date=dt.date(2023, 9, 5),
        topics=[w.security],
        outlet=w.other_outlet,
        evidence="Blinken spoke with Netanyahu about Iran on Tuesday.",
        reported=[dt.date(2023, 9, 5), dt.date(2023, 9, 4)],
    )
    w.call3 = make_call(
        [w.blinken, (w.gallant, w.gallant_housing)],
        date=dt.date(2021, 2, 1),
        precision="month",
        evidence="Blinken called Gallant in February.",
    )
    w.call4 = make_call(
        [w.netanyahu, w.abbas],
        mode="video",
        status="scheduled",
        evidence="Netanyahu will speak with Abbas.",
    )
    w.rejected = make_call(
        [w.blinken, w.gallant],
        date=dt.date(2024, 1, 1),
        status="rejected",
        topics=[w.hostages],
        evidence="Gallant has yet to get a call.",
    )
    return w
