"""A small named world shared by the suite: two officials with dated posts, topics, an outlet."""

import datetime as dt

import pytest

from contacts.models import (
    Article,
    Call,
    CallParticipant,
    Official,
    OfficialAlias,
    Outlet,
    OutletDomain,
    Position,
    Report,
    Topic,
)


class World:
    """Named records for tests; attributes are model instances."""


@pytest.fixture
def world(db):
    w = World()
    w.blinken = Official.objects.create(name="Test Antony Blinken", slug="t-blinken", country="US")
    OfficialAlias.objects.create(official=w.blinken, name="@TestSecBlinken", kind="handle")
    w.blinken_sec = Position.objects.create(
        official=w.blinken,
        title="Secretary of State",
        role="secretary-of-state",
        organisation="Department of State",
        country="US",
        start=dt.date(2021, 1, 26),
        end=dt.date(2025, 1, 20),
    )
    w.gallant = Official.objects.create(name="Test Yoav Gallant", slug="t-gallant", country="IL")
    w.gallant_def = Position.objects.create(
        official=w.gallant,
        title="Minister of Defense",
        role="defense-minister",
        organisation="Ministry of Defense",
        country="IL",
        start=dt.date(2022, 12, 29),
        end=dt.date(2024, 11, 5),
    )
    w.gallant_housing = Position.objects.create(
        official=w.gallant,
        title="Minister of Housing",
        role="housing-minister",
        organisation="Ministry of Housing",
        country="IL",
        start=dt.date(2020, 5, 17),
        end=dt.date(2021, 6, 13),
    )
    w.security = Topic.objects.create(name="Test Security", slug="t-security")
    w.hostages = Topic.objects.create(
        name="Test Hostages", slug="t-hostages", parent=w.security, phrases="hostage\nhostages"
    )
    w.outlet = Outlet.objects.create(name="Test Outlet", slug="t-outlet", country="US")
    OutletDomain.objects.create(outlet=w.outlet, domain="www.test-outlet.example")
    w.article = Article.objects.create(
        outlet=w.outlet,
        title="Blinken meets Gallant",
        url="https://test-outlet.example/a1",
        published=dt.date(2024, 6, 24),
        published_precision="day",
        body="Blinken met Gallant on Monday to discuss hostages.",
    )
    w.call = Call.objects.create(
        date=dt.date(2024, 6, 24),
        date_precision="day",
        date_basis="relative",
        mode="meeting",
        status="held",
    )
    w.call.topics.add(w.hostages)
    CallParticipant.objects.create(
        call=w.call, official=w.blinken, position=w.blinken_sec, role="Secretary of State"
    )
    CallParticipant.objects.create(
        call=w.call, official=w.gallant, position=w.gallant_def, role="Minister of Defense"
    )
    w.report = Report.objects.create(
        call=w.call,
        article=w.article,
        reported_date=dt.date(2024, 6, 24),
        reported_precision="day",
        date_basis="relative",
        date_text="on Monday",
        reported_mode="meeting",
        evidence=[
            {"text": "Blinken met Gallant on Monday to discuss hostages.", "start": 0, "end": 50}
        ],
    )
    return w
