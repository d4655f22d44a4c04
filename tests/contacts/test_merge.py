"""Merging several records of one call: what moves, what is folded, which date wins."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from contacts.models import Article, Call, CallParticipant, Official, Report, Topic
from contacts.services import MergeError, dates_disagree, merge_calls

D = dt.date
MEETING_DAY = D(2024, 6, 24)


def second_call(world, *, date=MEETING_DAY, precision="day", official=None, url="a2"):
    """Another record of world.call's meeting, reported by another article."""
    call = Call.objects.create(date=date, date_precision=precision, mode="meeting")
    article = Article.objects.create(
        outlet=world.outlet, title=f"Article {url}", url=f"https://test-outlet.example/{url}"
    )
    Report.objects.create(
        call=call,
        article=article,
        reported_date=date,
        reported_precision=precision,
        evidence=[{"text": f"Sentence of {url}.", "start": 0, "end": 10}],
    )
    CallParticipant.objects.create(call=call, official=official or world.blinken)
    return call


def test_merge_moves_reports_and_participants_and_leaves_one_call(world):
    other = second_call(world)
    extra = Official.objects.create(name="Test Jake Sullivan", slug="t-sullivan", country="US")
    CallParticipant.objects.create(call=other, official=extra, role="National Security Advisor")

    summary = merge_calls(keep=world.call, others=[other])

    assert not Call.objects.filter(pk=other.pk).exists()
    kept = Call.objects.get(pk=world.call.pk)
    assert kept.reports.count() == 2
    assert sorted(p.official.name for p in kept.participants.all()) == [
        "Test Antony Blinken",
        "Test Jake Sullivan",
        "Test Yoav Gallant",
    ]
    assert (summary.reports_moved, summary.participants_moved) == (1, 1)
    assert summary.participants_dropped == 1  # Blinken was already there
    assert "participants" in kept.edited_fields
    assert f"into call {kept.pk}" in str(summary)


def test_two_reports_of_one_article_become_one_with_both_sentences(world):
    other = Call.objects.create(date=D(2024, 6, 24), date_precision="day")
    Report.objects.create(
        call=other,
        article=world.article,
        evidence=[{"text": "A second sentence.", "start": 60, "end": 78}],
    )

    summary = merge_calls(keep=world.call, others=[other])

    report = Report.objects.get(call=world.call, article=world.article)
    assert [e["text"] for e in report.evidence] == [
        "Blinken met Gallant on Monday to discuss hostages.",
        "A second sentence.",
    ]
    assert "A second sentence." in report.evidence_text
    assert summary.reports_dropped == 1
    assert Report.objects.filter(article=world.article).count() == 1


def test_topics_are_combined(world):
    other = second_call(world)
    iran = Topic.objects.create(name="Test Iran", slug="t-iran")
    other.topics.add(iran, world.hostages)

    summary = merge_calls(keep=world.call, others=[other])

    assert set(world.call.topics.values_list("slug", flat=True)) == {"t-hostages", "t-iran"}
    assert summary.topics_added == 1


def test_the_most_precise_date_wins_and_is_locked(world):
    world.call.date, world.call.date_precision = D(2024, 6, 1), "month"
    world.call.save()
    other = second_call(world, date=D(2024, 6, 24), precision="day")

    summary = merge_calls(keep=world.call, others=[other])

    world.call.refresh_from_db()
    assert (world.call.date, world.call.date_precision) == (D(2024, 6, 24), "day")
    assert {"date", "date_precision"} <= set(world.call.edited_fields)
    assert summary.date_changed
    # June 2024 and 24 June 2024 do not contradict each other.
    assert not world.call.date_disputed


def test_earliest_of_equally_precise_dates_wins_over_an_undated_kept_call(world):
    keep = Call.objects.create(mode="phone")
    later = second_call(world, date=D(2024, 6, 25), url="late")
    earlier = second_call(world, date=D(2024, 6, 23), url="early")

    merge_calls(keep=keep, others=[later, earlier])

    keep.refresh_from_db()
    assert keep.date == D(2024, 6, 23)
    assert keep.date_disputed  # the reports say the 23rd and the 25th


def test_an_edited_date_on_the_kept_call_is_not_replaced(world):
    world.call.date, world.call.date_precision = D(2024, 6, 1), "month"
    world.call.edited_fields = ["date"]
    world.call.save()
    other = second_call(world, date=D(2024, 6, 24))

    merge_calls(keep=world.call, others=[other])

    world.call.refresh_from_db()
    assert (world.call.date, world.call.date_precision) == (D(2024, 6, 1), "month")


def test_reports_that_disagree_on_the_day_mark_the_call_disputed(world):
    other = second_call(world, date=D(2024, 6, 25))

    summary = merge_calls(keep=world.call, others=[other])

    world.call.refresh_from_db()
    assert world.call.date_disputed and summary.date_disputed
    assert world.call.date == D(2024, 6, 24)  # equally precise: the earlier one


def test_merge_records_who_did_it_and_keeps_the_merged_call_in_history(world):
    user = get_user_model().objects.create_user("merger")
    other = second_call(world)
    moved = other.reports.get()

    merge_calls(keep=world.call, others=[other], user=user)

    record = moved.history.first()
    assert record.call_id == world.call.pk
    assert record.history_user == user
    assert record.history_change_reason == f"Merged into call {world.call.pk}"
    deleted = Call.history.filter(id=other.pk).first()
    assert deleted.history_type == "-" and deleted.history_user == user


def test_bad_requests_raise_a_clear_error_and_change_nothing(world):
    other = second_call(world)
    with pytest.raises(MergeError, match="at least two"):
        merge_calls(keep=world.call, others=[])
    with pytest.raises(MergeError, match="cannot also be merged"):
        merge_calls(keep=world.call, others=[world.call, other])
    assert Call.objects.count() == 2


def test_a_failure_part_way_leaves_every_call_as_it_was(world, monkeypatch):
    other = second_call(world)

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Call, "delete", explode)
    with pytest.raises(RuntimeError):
        merge_calls(keep=world.call, others=[other])
    assert other.reports.count() == 1
    assert world.call.reports.count() == 1


@pytest.mark.parametrize(
    "dated, disagree",
    [
        ([(D(2024, 6, 24), "day"), (D(2024, 6, 24), "day")], False),
        ([(D(2024, 6, 24), "day"), (D(2024, 6, 25), "day")], True),
        ([(D(2024, 6, 24), "day"), (D(2024, 6, 1), "month")], False),
        ([(D(2024, 6, 24), "day"), (D(2024, 7, 1), "month")], True),
        ([(D(2024, 6, 24), "day"), (D(2024, 1, 1), "year")], False),
        ([(D(2024, 6, 24), "day"), (D(2023, 1, 1), "year")], True),
        ([(D(2024, 6, 24), "day"), (None, "unknown"), (D(2020, 1, 1), "unknown")], False),
        ([], False),
    ],
)
def test_dates_disagree_only_at_the_precision_both_know(dated, disagree):
    assert dates_disagree(dated) is disagree
