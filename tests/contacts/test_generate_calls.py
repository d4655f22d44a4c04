"""`generate_calls`: synthetic calls of the shape benchmarks need, marked, and kept off real data."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from contacts.models import Article, Call, CallParticipant, Report
from contacts.synthetic import SYNTHETIC_TITLE, SYNTHETIC_URL

pytestmark = pytest.mark.django_db


def generate(calls, *args):
    out = StringIO()
    call_command("generate_calls", "--calls", str(calls), *args, stdout=out)
    return out.getvalue()


def test_calls_have_participants_reports_and_long_articles():
    output = generate(300, "--seed", "3")
    assert "300 calls" in output
    assert Call.objects.count() == 300
    per_call = Counter(CallParticipant.objects.values_list("call_id", flat=True))
    assert set(per_call.values()) <= {2, 3, 4} and len(per_call) == 300
    reports = Counter(Report.objects.values_list("call_id", flat=True))
    assert set(reports.values()) <= {1, 2, 3} and len(reports) == 300
    # Articles that report several calls, long enough for full-text search.
    per_article = Counter(Report.objects.values_list("article_id", flat=True))
    assert max(per_article.values()) > 1
    assert min(len(body) for body in Article.objects.values_list("body", flat=True)) > 2500
    # A skew as in reality: the busiest official takes part in a large share of the calls.
    busiest = Counter(CallParticipant.objects.values_list("official_id", flat=True))
    assert busiest.most_common(1)[0][1] > 300 / 5
    # Some disputed and some undated calls, and every undated one says its precision is unknown.
    assert Call.objects.filter(date_disputed=True).exists()
    assert Call.objects.filter(date=None).exists()
    assert not Call.objects.filter(date=None).exclude(date_precision="unknown").exists()


def test_every_row_is_recognisably_synthetic():
    generate(50)
    assert not Article.objects.exclude(url__startswith=SYNTHETIC_URL).exists()
    assert not Article.objects.exclude(title__startswith=SYNTHETIC_TITLE).exists()
    assert not Call.objects.exclude(summary__startswith=SYNTHETIC_TITLE).exists()


def test_same_seed_same_calls_and_a_second_run_adds():
    generate(40, "--seed", "7")
    first = list(Call.objects.order_by("id").values_list("date", "mode", "status"))
    generate(40, "--seed", "7")
    second = list(Call.objects.order_by("id").values_list("date", "mode", "status"))[40:]
    assert first == second
    assert Call.objects.count() == 80
    # New rows get ids after the generated ones: the ORM can still create records.
    article = Article.objects.create(title="x", url=f"{SYNTHETIC_URL}by-hand")
    assert article.pk > max(Report.objects.values_list("article_id", flat=True))


def test_refuses_a_database_with_real_articles_unless_forced():
    Article.objects.create(title="A real readout", url="https://www.state.gov/readout")
    with pytest.raises(CommandError, match="real article"):
        generate(10)
    assert Call.objects.count() == 0
    generate(10, "--force")
    assert Call.objects.count() == 10


def test_bench_pages_prints_every_page_answered(client):
    generate(120)
    out = StringIO()
    call_command("bench_pages", "--requests", "1", "--export-requests", "1", stdout=out)
    rows = [line for line in out.getvalue().splitlines() if line.startswith("| `")]
    labels = [row.split("`")[1] for row in rows]
    assert "/" in labels and "/?q=hostages" in labels and "/calls.csv (all)" in labels
    # Every page row ends with its status: all of them answered, none with an error.
    assert all(row.rstrip(" |").endswith("200") for row in rows if "calls." not in row)
