"""Reconciliation: what the service writes from hand-made pipeline output."""

import datetime as dt

import pytest
from django.db import IntegrityError, OperationalError, connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Article, Call, Official, Report
from contacts.serializers import export_payload
from ingest import calls, services
from ingest.models import SourceDocument
from ingest.pipeline.records import ArticleText, ExtractedArticle
from ingest.services import ingest_documents, register_documents
from tests.ingest.fakes import (
    FakePipeline,
    contact,
    ingest,
    make_officials,
    person,
    weekday_contact,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officials(db):
    return make_officials()


FEB_22 = dt.date(2021, 2, 22)
TUESDAY, MONDAY = 1, 0


def exported():
    return export_payload(Call.objects.with_related().order_by("date", "pk"))["calls"]


def two_reports_of_one_call(pipeline):
    pipeline.article(
        "hayom.txt",
        [
            contact(
                "blinken",
                "ashkenazi",
                evidence="Blinken spoke Monday with Ashkenazi.",
                date=FEB_22,
                date_basis="relative",
                topics=[],
            )
        ],
        url="https://www.israelhayom.com/a",
        outlet="Israel Hayom",
        published=dt.date(2021, 2, 23),
    )
    pipeline.article(
        "state.txt",
        [
            contact(
                "blinken",
                "ashkenazi",
                evidence="The Secretary spoke with Ashkenazi today.",
                mode="unknown",
                date=FEB_22,
                date_basis="publication",
            )
        ],
        url="https://www.state.gov/b",
        published=FEB_22,
    )


def test_two_articles_about_one_call_make_one_call_with_two_reports(officials):
    pipeline = FakePipeline()
    two_reports_of_one_call(pipeline)
    summary = ingest(pipeline, ["hayom.txt", "state.txt"])

    assert (summary.calls_created, summary.calls_joined, summary.failed) == (1, 1, 0)
    [call] = exported()
    assert call["date"] == "2021-02-22" and call["mode"] == "phone"
    assert {s["file"] for s in call["sources"]} == {"hayom.txt", "state.txt"}
    assert {p["role"] for p in call["participants"]} == {"Secretary of State", "Foreign Minister"}
    assert not call["date_disputed"]


def test_a_different_mode_or_day_is_a_different_call(officials):
    pipeline = FakePipeline()
    pipeline.article(
        "a.txt",
        [
            contact("blinken", "ashkenazi", evidence="spoke by phone", date=FEB_22),
            contact(
                "blinken",
                "ashkenazi",
                evidence="met in Washington",
                mode="meeting",
                date=dt.date(2021, 3, 10),
                date_basis="explicit",
            ),
        ],
    )
    pipeline.article(
        "b.txt",
        [
            contact(
                "blinken",
                "ashkenazi",
                evidence="spoke again",
                date=dt.date(2021, 4, 20),
                date_basis="explicit",
            ),
        ],
    )
    summary = ingest(pipeline, ["a.txt", "b.txt"])
    assert summary.calls_created == 3 and summary.calls_joined == 0
    assert Call.objects.count() == 3


def test_disagreeing_dates_are_kept_and_flagged(officials):
    pipeline = FakePipeline()
    pipeline.article(
        "monday.txt",
        [
            contact(
                "blinken",
                "abbas",
                evidence="call on Monday with Abbas",
                date=dt.date(2023, 9, 4),
                date_basis="relative",
                weekday=MONDAY,
            ),
        ],
        published=dt.date(2023, 9, 5),
    )
    pipeline.article(
        "sept5.txt",
        [
            contact(
                "blinken",
                "abbas",
                evidence="spoke with Abbas Sept. 5",
                mode="unknown",
                date=dt.date(2023, 9, 5),
                date_basis="explicit",
                date_text="Sept. 5",
            ),
        ],
        published=dt.date(2023, 9, 6),
    )
    ingest(pipeline, ["monday.txt", "sept5.txt"])

    [call] = Call.objects.all()
    assert call.date_disputed and call.needs_review
    assert call.date == dt.date(2023, 9, 5)  # the date stated in words beats "Monday"
    assert "Sept. 5" in call.date_note
    assert exported()[0]["reported_dates"] == ["2023-09-04", "2023-09-05"]
    assert "different dates" in call.review_note


def test_year_comes_from_another_reports_weekday_and_the_terms_of_office(officials):
    pipeline = FakePipeline()
    pipeline.article(
        "tuesday.txt",
        [
            weekday_contact(
                "blinken",
                "netanyahu",
                weekday=TUESDAY,
                published=None,
                evidence="spoke with Netanyahu on Tuesday",
            ),
        ],
    )
    pipeline.article(
        "sept5.txt",
        [
            contact(
                "blinken",
                "netanyahu",
                evidence="conversations with Netanyahu Sept. 5",
                mode="unknown",
                month_day=(9, 5),
                date_basis="explicit",
                date_text="Sept. 5",
            ),
        ],
    )
    ingest(pipeline, ["tuesday.txt", "sept5.txt"])

    [call] = Call.objects.all()
    # Sept. 5 fell on a Tuesday in 2017 and 2023; only 2023 is in Blinken's term.
    assert call.date == dt.date(2023, 9, 5)
    assert (call.date_precision, call.date_basis) == ("day", "cross_source")
    assert call.mode == "phone"


@pytest.mark.parametrize("order", [["001.txt", "003.txt"], ["003.txt", "001.txt"]])
def test_an_undated_article_is_dated_by_the_other_reports_of_its_calls(officials, order):
    pipeline = FakePipeline()
    # Like the seeds: one text says "Tuesday" and "Monday" with no publication date, the
    # other "Sept. 5" with no year.
    pipeline.article(
        "001.txt",
        lambda published: [
            weekday_contact(
                "blinken",
                "netanyahu",
                weekday=TUESDAY,
                published=published,
                evidence="spoke with Netanyahu on Tuesday",
            ),
            weekday_contact(
                "blinken",
                "abbas",
                weekday=MONDAY,
                published=published,
                evidence="call on Monday with Abbas",
            ),
        ],
    )
    pipeline.article(
        "003.txt",
        [
            contact(
                "blinken",
                "netanyahu",
                evidence="separate conversations with Netanyahu",
                mode="unknown",
                month_day=(9, 5),
                date_basis="explicit",
                date_specific=False,
            ),
            contact(
                "blinken",
                "abbas",
                evidence="also spoke with Abbas",
                mode="unknown",
                month_day=(9, 5),
                date_basis="explicit",
                date_specific=False,
            ),
        ],
    )
    ingest(pipeline, order)

    article = Article.objects.get(title="001.txt")
    assert article.published == dt.date(2023, 9, 5)
    assert article.published_basis == "inferred from other reports of its calls"
    netanyahu = Call.objects.with_person(officials["netanyahu"]).get()
    abbas = Call.objects.with_person(officials["abbas"]).get()
    assert netanyahu.date == dt.date(2023, 9, 5) and not netanyahu.date_disputed
    assert abbas.date in (dt.date(2023, 9, 4), dt.date(2023, 9, 5))
    assert abbas.date_disputed  # "Monday" against "Sept. 5"
    assert Call.objects.count() == 2


def test_an_editors_field_survives_a_rerun(officials):
    pipeline = FakePipeline()
    two_reports_of_one_call(pipeline)
    ingest(pipeline, ["hayom.txt", "state.txt"])
    call = Call.objects.get()
    call.mode, call.date, call.edited_fields = "video", dt.date(2021, 2, 21), ["mode", "date"]
    call.save()
    article = Article.objects.get(url="https://www.israelhayom.com/a")
    article.title, article.edited_fields = "Corrected title", ["title"]
    article.save()

    summary = ingest_documents(
        documents=SourceDocument.objects.all(), rerun=True, extractor=pipeline
    )

    assert summary.failed == 0 and summary.ingested == 2
    call = Call.objects.get()
    assert (call.mode, call.date) == ("video", dt.date(2021, 2, 21))
    assert Article.objects.get(pk=article.pk).title == "Corrected title"
    assert call.reports.count() == 2


def test_an_editors_participants_survive_a_rerun(officials):
    pipeline = FakePipeline()
    two_reports_of_one_call(pipeline)
    ingest(pipeline, ["hayom.txt"])
    call = Call.objects.get()
    call.participants.filter(official=officials["ashkenazi"]).update(
        official=officials["netanyahu"]
    )
    call.edited_fields = ["participants"]
    call.save()

    ingest_documents(documents=SourceDocument.objects.all(), rerun=True, extractor=pipeline)

    assert Call.objects.count() == 1
    names = set(Call.objects.get().participants.values_list("official__slug", flat=True))
    assert names == {"blinken", "netanyahu"}


def test_a_rejected_call_is_not_resurrected(officials):
    pipeline = FakePipeline()
    two_reports_of_one_call(pipeline)
    ingest(pipeline, ["hayom.txt"])
    call = Call.objects.get()
    call.status, call.edited_fields = "rejected", ["status"]
    call.save()

    ingest_documents(documents=SourceDocument.objects.all(), rerun=True, extractor=pipeline)
    summary = ingest(pipeline, ["state.txt"])

    assert summary.calls_created == 0 and summary.calls_joined == 1
    [call] = Call.objects.all()
    assert call.status == "rejected" and call.reports.count() == 2


def test_ingesting_the_same_files_again_changes_nothing(officials):
    pipeline = FakePipeline()
    two_reports_of_one_call(pipeline)
    ingest(pipeline, ["hayom.txt", "state.txt"])
    counts = (
        Call.objects.count(),
        Report.objects.count(),
        Call.history.count(),
        Report.history.count(),
        Article.history.count(),
        SourceDocument.objects.count(),
    )
    pipeline.calls.clear()

    summary = ingest(pipeline, ["hayom.txt", "state.txt"])

    assert (summary.new, summary.unchanged, summary.ingested) == (0, 2, 0)
    assert pipeline.calls == []
    assert counts == (
        Call.objects.count(),
        Report.objects.count(),
        Call.history.count(),
        Report.history.count(),
        Article.history.count(),
        SourceDocument.objects.count(),
    )


def test_rerun_with_the_same_extraction_leaves_no_history(officials):
    pipeline = FakePipeline()
    two_reports_of_one_call(pipeline)
    ingest(pipeline, ["hayom.txt", "state.txt"])
    before = (Call.history.count(), Report.history.count(), Article.history.count())

    summary = ingest_documents(
        documents=SourceDocument.objects.all(), rerun=True, extractor=pipeline
    )

    assert summary.calls_created == 0 and summary.calls_joined == 0
    assert before == (Call.history.count(), Report.history.count(), Article.history.count())


def test_rerun_replaces_the_documents_own_reports_and_drops_orphaned_calls(officials):
    pipeline = FakePipeline()
    two_reports_of_one_call(pipeline)
    pipeline.article(
        "hayom.txt",
        [
            contact(
                "blinken",
                "ashkenazi",
                evidence="Blinken spoke Monday with Ashkenazi.",
                date=FEB_22,
                date_basis="relative",
            ),
            contact(
                "blinken",
                "netanyahu",
                evidence="Blinken met Netanyahu.",
                mode="meeting",
                date=dt.date(2021, 2, 20),
                date_basis="explicit",
            ),
        ],
        url="https://www.israelhayom.com/a",
        published=dt.date(2021, 2, 23),
    )
    ingest(pipeline, ["hayom.txt", "state.txt"])
    assert Call.objects.count() == 2

    # The pipeline improves: the meeting was a false positive.
    two_reports_of_one_call(pipeline)
    ingest_documents(
        documents=SourceDocument.objects.filter(filename="hayom.txt"),
        rerun=True,
        extractor=pipeline,
    )

    [call] = Call.objects.all()
    assert call.reports.count() == 2  # the other article's report is untouched


def test_a_failing_document_is_kept_with_its_error_and_the_batch_goes_on(officials):
    pipeline = FakePipeline()
    two_reports_of_one_call(pipeline)

    def explode(published):
        raise ValueError("boom")

    pipeline.add("broken.txt", explode)
    summary = ingest(pipeline, ["image.png.txt", "broken.txt", "hayom.txt"])

    assert (summary.failed, summary.ingested, summary.any_failed) == (2, 1, True)
    png = SourceDocument.objects.get(filename="image.png.txt")
    assert png.status == "failed" and "PNG image" in png.error
    broken = SourceDocument.objects.get(filename="broken.txt")
    assert broken.status == "failed" and "Unexpected error" in broken.error
    assert bytes(broken.raw) == b"bytes of broken.txt"
    assert Call.objects.count() == 1


def test_an_unknown_person_is_created_for_review_with_a_position(officials):
    pipeline = FakePipeline()
    newcomer = person("dana-newcomer", is_new=True, title="Israeli National Security Advisor")
    pipeline.article(
        "a.txt",
        [
            contact(
                "blinken",
                newcomer,
                evidence="met Hulata",
                mode="meeting",
                date=dt.date(2021, 12, 22),
                date_basis="explicit",
            ),
        ],
    )
    summary = ingest(pipeline, ["a.txt"])

    newcomer = Official.objects.get(slug="dana-newcomer")
    assert newcomer.needs_review
    assert newcomer.positions.get().title == "National Security Advisor"
    call = Call.objects.get()
    assert call.needs_review and "Dana Newcomer" in call.review_note
    assert any("Unknown person" in w for w in summary.lines[0].warnings)


def test_the_same_bytes_register_once_and_new_metadata_is_kept(officials):
    first = register_documents(files=[("a.txt", b"same", {})])
    again = register_documents(
        files=[("b.txt", b"same", {"url": "https://example.org/x", "published": FEB_22})]
    )
    assert first[0][1] is True and again[0][1] is False
    document = SourceDocument.objects.get()
    assert (document.filename, document.url, document.published) == (
        "a.txt",
        "https://example.org/x",
        FEB_22,
    )


def test_the_same_url_is_the_same_article(officials):
    pipeline = FakePipeline()
    calls = [contact("blinken", "ashkenazi", evidence="spoke", date=FEB_22)]
    pipeline.article("page.txt", calls, url="https://example.org/story")
    pipeline.article("page.html", calls, url="https://example.org/story")
    ingest(pipeline, ["page.txt", "page.html"])

    article = Article.objects.get()
    assert [d.filename for d in article.source_documents.all()] == ["page.txt", "page.html"]
    assert Report.objects.count() == 1


# --- cost of joining, and writing documents in groups ---------------------------------------


def same_call_in(pipeline, names, **date):
    """Each name an article reporting one Blinken–Ashkenazi phone call, in its own words."""
    for n, name in enumerate(names):
        pipeline.article(
            name,
            [
                contact(
                    "blinken",
                    "ashkenazi",
                    evidence=f"Report {n}: Blinken spoke with Ashkenazi.",
                    date=FEB_22,
                    date_basis="explicit",
                    date_text="February 22",
                    **date,
                )
            ],
            url=f"https://example.org/{name}",
            published=dt.date(2021, 2, 23),
        )


def test_a_report_that_only_agrees_leaves_the_call_and_its_history_alone(officials):
    pipeline = FakePipeline()
    names = [f"outlet{n}.txt" for n in range(5)]
    same_call_in(pipeline, names)
    ingest(pipeline, names[:3])
    call = Call.objects.get()
    before = (call.history.count(), call.updated_at, call.date_note)

    summary = ingest(pipeline, names[3:])

    assert summary.calls_joined == 2
    call = Call.objects.get()
    assert (call.history.count(), call.updated_at, call.date_note) == before
    assert call.reports.count() == 5
    assert "agreed by other reports" in call.date_note
    # Every new report and article is still in history.
    assert Report.history.filter(history_type="+").count() == 5
    assert Article.history.filter(history_type="+").count() == 5


def test_joining_a_known_call_takes_a_handful_of_statements(officials):
    pipeline = FakePipeline()
    names = [f"outlet{n}.txt" for n in range(12)]
    same_call_in(pipeline, names)
    ingest(pipeline, names[:2])
    documents = [d for d, _ in register_documents(files=[(n, n.encode(), {}) for n in names[2:]])]

    with CaptureQueriesContext(connection) as queries:
        summary = ingest_documents(documents=documents, extractor=pipeline)

    assert summary.calls_joined == 10 and summary.failed == 0
    # Before, every joining document took about 27.
    assert len(queries) / len(documents) <= 9


def test_a_second_copy_in_the_same_batch_only_fills_what_the_first_left_empty(officials):
    pipeline = FakePipeline()

    def copy_of_the_story(title, url):
        return lambda published: ExtractedArticle(
            text=ArticleText(
                body="The same story, word for word.",
                title=title,
                url=url,
                outlet_name="Example News",
            ),
            calls=[contact("blinken", "ashkenazi", evidence="spoke", date=FEB_22)],
        )

    # The page saved as HTML, then its text with a sidecar URL: the same article.
    pipeline.add("page.html", copy_of_the_story("The page's own title", ""))
    pipeline.add("page.txt", copy_of_the_story("", "https://example.org/story"))
    ingest(pipeline, ["page.html", "page.txt"])

    article = Article.objects.get()
    assert article.title == "The page's own title"  # kept: the text came second
    assert article.url == "https://example.org/story"  # filled: the page had none
    assert [d.filename for d in article.source_documents.all()] == ["page.html", "page.txt"]
    assert Report.objects.count() == 1


def test_a_database_error_in_one_document_keeps_the_others_of_its_group(officials, monkeypatch):
    pipeline = FakePipeline()
    names = ["one.txt", "two.txt", "three.txt"]
    same_call_in(pipeline, names)
    real_write = calls._write_report

    def failing_write(batch, state, extracted, previous):
        if batch.document.filename == "two.txt":
            raise IntegrityError("a constraint failed")
        return real_write(batch, state, extracted, previous)

    monkeypatch.setattr(calls, "_write_report", failing_write)
    summary = ingest(pipeline, names)

    assert (summary.ingested, summary.failed) == (2, 1)
    two = SourceDocument.objects.get(filename="two.txt")
    assert two.status == "failed" and "a constraint failed" in two.error
    assert not Article.objects.filter(url="https://example.org/two.txt").exists()
    [call] = Call.objects.all()
    assert sorted(r.article.url for r in call.reports.all()) == [
        "https://example.org/one.txt",
        "https://example.org/three.txt",
    ]
    assert SourceDocument.objects.filter(status="ingested").count() == 2


def test_a_group_that_cannot_be_committed_is_written_one_document_at_a_time(officials, monkeypatch):
    pipeline = FakePipeline()
    names = ["one.txt", "two.txt", "three.txt"]
    same_call_in(pipeline, names)
    real_save = services._save_results
    failures = []

    def save_once_failing(documents):
        if not failures:
            failures.append(len(documents))
            raise OperationalError("database is locked")
        return real_save(documents)

    monkeypatch.setattr(services, "_save_results", save_once_failing)
    summary = ingest(pipeline, names)

    assert failures == [3]
    assert (summary.ingested, summary.failed, summary.calls_created) == (3, 0, 1)
    assert SourceDocument.objects.filter(status="ingested", attempts=1).count() == 3
    [call] = Call.objects.all()
    assert call.reports.count() == 3
    assert Report.history.count() == 3  # nothing written twice


def test_registering_the_same_bytes_twice_in_one_batch_keeps_one_document(officials):
    results = register_documents(
        files=[
            ("a.txt", b"same", {}),
            ("b.txt", b"other", {}),
            ("c.txt", b"same", {"url": "https://example.org/x"}),
        ]
    )
    assert [created for _, created in results] == [True, True, False]
    assert results[0][0].pk == results[2][0].pk
    document = SourceDocument.objects.get(sha256=results[0][0].sha256)
    assert (document.filename, document.url) == ("a.txt", "https://example.org/x")
    assert SourceDocument.objects.count() == 2


def test_reports_removed_by_an_editor_during_a_batch_no_longer_count(officials, monkeypatch):
    # One document a group: the pipeline runs before its group is written, so the editor's
    # deletion (made while c.txt is read) comes after a.txt and b.txt are written.
    monkeypatch.setattr(services, "GROUP_DOCUMENTS", 1)
    pipeline = FakePipeline()
    same_call_in(pipeline, ["a.txt", "b.txt"])

    def editor_then_article(published):
        # While this text is read, an editor deletes the two earlier reports as mistaken.
        Report.objects.filter(article__url__in=["https://example.org/a.txt"]).delete()
        Report.objects.filter(article__url__in=["https://example.org/b.txt"]).delete()
        return ExtractedArticle(
            text=ArticleText(body="c", url="https://example.org/c.txt", published=FEB_22),
            calls=[
                contact(
                    "blinken",
                    "ashkenazi",
                    evidence="The two spoke yesterday.",
                    date=dt.date(2021, 2, 21),
                    date_basis="relative",
                )
            ],
        )

    pipeline.add("c.txt", editor_then_article)
    ingest(pipeline, ["a.txt", "b.txt", "c.txt"])

    [call] = Call.objects.all()
    assert [r.article.url for r in call.reports.all()] == ["https://example.org/c.txt"]
    # The date comes from the one report left, not from what the batch had read before.
    assert call.date == dt.date(2021, 2, 21) and not call.date_disputed


def test_each_reports_doubts_are_labelled_with_its_source(officials):
    pipeline = FakePipeline()
    uncertain = weekday_contact(
        "blinken", "netanyahu", weekday=TUESDAY, published=None, evidence="spoke on Tuesday"
    )
    uncertain.needs_review = True
    uncertain.review_reasons = ["only the weekday is known (Tuesday)"]
    pipeline.article("tuesday.txt", [uncertain], title="Blinken holds phone calls")
    ingest(pipeline, ["tuesday.txt"])

    [call] = Call.objects.all()
    # Once another report gives the day, the editor still sees whose doubt this was.
    assert "In “Blinken holds phone calls”, only the weekday is known (Tuesday)." in (
        call.review_note.splitlines()
    )


LONG_TITLE = (
    "Secretary of State Antony Blinken holds separate talks with Israeli Prime Minister, "
    "Palestinian Authority President to reaffirm U.S. commitments to regional security"
)


def doubtful(reason, **kwargs):
    call = contact("blinken", "ashkenazi", date=FEB_22, **kwargs)
    call.needs_review, call.review_reasons = bool(reason), [reason] if reason else []
    return call


def two_doubtful_reports(pipeline, hayom_reason):
    pipeline.article(
        "hayom.txt",
        [doubtful(hayom_reason, evidence="Blinken spoke Monday with Ashkenazi.")],
        outlet="Israel Hayom",
        title="Blinken speaks with Ashkenazi",
    )
    pipeline.article(
        "state.txt",
        [doubtful("the text gives no date; the day of a related contact is assumed", evidence="x")],
        title=LONG_TITLE,
    )


def test_the_review_note_is_one_sentence_per_doubt_naming_the_whole_source(officials):
    pipeline = FakePipeline()
    two_doubtful_reports(
        pipeline, "only the weekday is known (Monday): the publication date is unknown"
    )
    ingest(pipeline, ["hayom.txt", "state.txt"])

    assert Call.objects.get().review_note.splitlines() == [
        "In “Blinken speaks with Ashkenazi” (Israel Hayom), only the weekday is known (Monday); "
        "the publication date is unknown.",
        f"In “{LONG_TITLE}”, the text gives no date; the day of a related contact is assumed.",
    ]


def test_rereading_an_article_replaces_its_own_doubts_and_keeps_the_others(officials):
    pipeline = FakePipeline()
    two_doubtful_reports(
        pipeline, "only the weekday is known (Monday): the publication date is unknown"
    )
    ingest(pipeline, ["hayom.txt", "state.txt"])
    # The article's date became known: its second reading has no doubt left.
    two_doubtful_reports(pipeline, None)
    hayom = SourceDocument.objects.filter(filename="hayom.txt")
    ingest_documents(documents=hayom, rerun=True, extractor=pipeline)

    call = Call.objects.get()
    assert "publication date is unknown" not in call.review_note
    assert call.review_note.splitlines() == [
        f"In “{LONG_TITLE}”, the text gives no date; the day of a related contact is assumed."
    ]
    assert call.needs_review


def test_an_editors_date_settles_the_date_doubts_for_later_ingests(officials):
    pipeline = FakePipeline()
    two_doubtful_reports(pipeline, "new official 'Dana Newcomer'")
    ingest(pipeline, ["hayom.txt", "state.txt"])
    call = Call.objects.get()
    call.date, call.date_basis = dt.date(2021, 2, 21), "editor"
    call.edited_fields = ["date", "date_basis"]
    call.save()

    ingest_documents(documents=SourceDocument.objects.all(), rerun=True, extractor=pipeline)

    call.refresh_from_db()
    # The doubt about a person stays; the one about the date does not come back.
    assert call.review_note.splitlines() == [
        "In “Blinken speaks with Ashkenazi” (Israel Hayom), new official 'Dana Newcomer'."
    ]
    assert call.needs_review and call.date == dt.date(2021, 2, 21)
