import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from contacts.models import Article, Call, CallParticipant, Official, Position


def test_role_on_a_date_follows_the_terms_of_office(world):
    assert world.gallant.role_on(dt.date(2024, 6, 24)) == "Minister of Defense"
    assert world.gallant.role_on(dt.date(2021, 1, 1)) == "Minister of Housing"
    assert world.gallant.role_on(dt.date(2022, 1, 1)) == ""
    assert world.gallant.role_on(None) == ""


def test_who_held_a_post_on_a_date(world):
    # The reference data holds real defense ministers too; look only at the test world's people.
    test_people = Official.objects.filter(slug__startswith="t-")
    holders = test_people.holding("defense-minister", dt.date(2023, 3, 1))
    assert list(holders) == [world.gallant]
    assert not test_people.holding("defense-minister", dt.date(2025, 1, 1)).exists()


def test_open_ended_position_counts_as_held(world):
    Position.objects.create(
        official=world.blinken,
        title="Commentator",
        role="commentator",
        start=dt.date(2025, 2, 1),
        end=None,
    )
    assert world.blinken.role_on(dt.date(2026, 1, 1)) == "Commentator"


def test_position_end_before_start_is_rejected(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.create(
            official=world.blinken,
            title="X",
            role="x",
            start=dt.date(2024, 1, 2),
            end=dt.date(2024, 1, 1),
        )


def test_a_participant_appears_once_per_call(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        CallParticipant.objects.create(call=world.call, official=world.blinken)


def test_article_url_is_unique_when_present_and_blank_urls_may_repeat(world):
    Article.objects.create(title="no url 1")
    Article.objects.create(title="no url 2")
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(title="dup", url=world.article.url)


def test_an_undated_call_cannot_claim_day_precision(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Call.objects.create(date=None, date_precision="day")


def test_alias_lookup_ignores_case_and_punctuation(world):
    assert list(Official.objects.by_alias("@testsecblinken")) == [world.blinken]
    assert list(Official.objects.by_alias("test antony blinken")) == [world.blinken]


def test_calls_with_all_of_several_people(world):
    assert list(Call.objects.with_all_persons([world.blinken, world.gallant])) == [world.call]
    other = Official.objects.create(name="Nobody Else", country="US")
    assert not Call.objects.with_all_persons([world.blinken, other]).exists()


def test_topic_filter_includes_sub_topics(world):
    assert list(Call.objects.in_topics([world.security])) == [world.call]


def test_search_matches_evidence_text(world):
    assert list(Call.objects.search("hostages")) == [world.call]
    assert not Call.objects.search("submarine").exists()
