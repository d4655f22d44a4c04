"""An article: clean text with evidence highlighted and linked, escaped; raw input for staff only."""

import pytest
from django.contrib.auth.models import User

from contacts.models import Article, Report
from contacts.templatetags.highlight import evidence_segments
from ingest.models import SourceDocument
from tests.contacts.test_views_timeline import make_call


def test_article_page_highlights_evidence_and_links_it_to_its_call(client, world):
    response = client.get(f"/articles/{world.article.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    anchor = f'<span class="anchor" id="ev-{world.report.pk}-0"></span>'
    assert (
        f'{anchor}<mark><a href="/calls/{world.call.pk}/">'
        "Blinken met Gallant on Monday to discuss hostages.</a></mark>" in html
    )
    assert 'href="/outlets/t-outlet/"' in html


def test_markup_in_an_article_is_shown_as_text_never_run(client, world):
    body = 'Intro <script>alert("x")</script>. Blinken met Gallant <b onmouseover="x()">today</b>.'
    article = Article.objects.create(title="<i>t</i>", body=body)
    sentence = 'Blinken met Gallant <b onmouseover="x()">today</b>.'
    start = body.index(sentence)
    Report.objects.create(
        call=world.call,
        article=article,
        evidence=[{"text": sentence, "start": start, "end": start + len(sentence)}],
    )
    html = client.get(f"/articles/{article.pk}/").content.decode()
    assert "<script>alert" not in html
    assert "<b onmouseover" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert (
        "Blinken met Gallant &lt;b onmouseover=&quot;x()&quot;&gt;today&lt;/b&gt;.</a></mark>"
        in html
    )


def test_stale_offsets_fall_back_to_finding_the_sentence(world):
    report = Report(pk=7, call=world.call, evidence=[{"text": "met Gallant", "start": 0, "end": 3}])
    text = evidence_segments("Blinken met Gallant.", [report])
    assert [(s.text, bool(s.calls)) for s in text.segments] == [
        ("Blinken ", False),
        ("met Gallant", True),
        (".", False),
    ]
    assert text.segments[1].anchors == ["ev-7-0"]


def test_overlapping_evidence_of_two_calls_keeps_both_links(world):
    other = make_call([world.blinken])
    body = "Blinken spoke with Gallant and then with Netanyahu."
    first = Report(pk=1, call=world.call, evidence=[{"text": body, "start": 0, "end": len(body)}])
    second = Report(
        pk=2, call=other, evidence=[{"text": "then with Netanyahu", "start": 31, "end": 50}]
    )
    text = evidence_segments(body, [first, second])
    assert "".join(s.text for s in text.segments) == body
    shared = [s for s in text.segments if len(s.calls) == 2]
    assert [s.text for s in shared] == ["then with Netanyahu"]
    assert shared[0].anchors == ["ev-2-0"]


def test_evidence_not_in_the_text_is_listed_apart(world):
    report = Report(pk=3, call=world.call, evidence=[{"text": "Not here.", "start": 90, "end": 99}])
    text = evidence_segments("Something else.", [report])
    assert [s.text for s in text.segments] == ["Something else."]
    assert text.missing == [(world.call, "Not here.")]


@pytest.fixture
def raw_document(world):
    return SourceDocument.objects.create(
        article=world.article,
        filename="seeds/page.html",
        raw=b"<html><script>alert(1)</script>Blinken met Gallant</html>",
        sha256="a" * 64,
    )


def test_staff_download_the_raw_input_as_plain_text(client, world, raw_document):
    staff = User.objects.create_user("editor", password="pw", is_staff=True)
    client.force_login(staff)
    html = client.get(f"/articles/{world.article.pk}/").content.decode()
    url = f"/articles/{world.article.pk}/raw/{raw_document.pk}/"
    assert f'href="{url}"' in html
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="page.html.txt"'
    assert response.content == raw_document.raw


def test_others_cannot_see_or_fetch_the_raw_input(client, world, raw_document):
    url = f"/articles/{world.article.pk}/raw/{raw_document.pk}/"
    assert url not in client.get(f"/articles/{world.article.pk}/").content.decode()
    response = client.get(url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_raw_input_of_another_article_is_a_404(client, world, raw_document):
    client.force_login(User.objects.create_user("e2", password="pw", is_staff=True))
    other = Article.objects.create(title="Other")
    assert client.get(f"/articles/{other.pk}/raw/{raw_document.pk}/").status_code == 404


def test_article_page_query_count_is_fixed(client, world, django_assert_max_num_queries):
    for _ in range(5):
        call = make_call([world.blinken, world.gallant])
        Report.objects.create(call=call, article=world.article, evidence=[{"text": "Blinken"}])
    with django_assert_max_num_queries(5):
        client.get(f"/articles/{world.article.pk}/")
