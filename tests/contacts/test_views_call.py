"""One call's page: participants with their roles then, the date and its basis, disagreeing reports, sources."""

import datetime as dt

from contacts.models import Article, Outlet, Report


def test_call_page_shows_participants_roles_date_topics_and_sources(client, world):
    response = client.get(f"/calls/{world.call.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        '<a href="/officials/t-blinken/">Test Antony Blinken</a><span class="role">Secretary of State</span>'
        in html
    )
    assert "Minister of Defense" in html
    assert '<time datetime="2024-06-24">Monday 24 June 2024</time>' in html
    assert "Relative to the publication date" in html  # how the date was established
    assert 'href="/topics/t-hostages/"' in html
    assert f'href="/articles/{world.article.pk}/"' in html
    assert 'href="/outlets/t-outlet/"' in html
    assert 'href="https://test-outlet.example/a1"' in html
    assert "Blinken met Gallant on Monday to discuss hostages." in html
    assert f'href="/articles/{world.article.pk}/#ev-{world.report.pk}-0"' in html
    assert 'href="/?person=t-blinken&amp;person=t-gallant"' in html
    assert "The sources disagree" not in html


def test_every_reported_date_is_shown_where_reports_disagree(client, world):
    other = Outlet.objects.create(name="Second Outlet", slug="second")
    article = Article.objects.create(outlet=other, title="Second take", body="They met Sunday.")
    Report.objects.create(
        call=world.call,
        article=article,
        reported_date=dt.date(2024, 6, 23),
        reported_precision="day",
        date_text="Sunday",
    )
    Report.objects.create(
        call=world.call,
        article=Article.objects.create(title="Third take", body="On 5 September."),
        reported_month=9,
        reported_day=5,
        date_text="Sept. 5",
    )
    html = client.get(f"/calls/{world.call.pk}/").content.decode()
    assert "The sources disagree on the date" in html
    assert "Sunday 23 June 2024" in html
    assert "Monday 24 June 2024" in html
    assert "5 September, year not given" in html
    assert "Sources (3)" in html


def test_a_script_in_a_stored_link_or_sentence_never_reaches_the_page_live(client, world):
    world.article.url = "javascript:alert(1)"
    world.article.title = "<script>alert('title')</script>"
    world.article.save()
    world.report.evidence = [{"text": "<img src=x onerror=alert(1)>", "start": 0, "end": 5}]
    world.report.save()
    html = client.get(f"/calls/{world.call.pk}/").content.decode()
    assert "javascript:alert" not in html
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in html
    assert "<img src=x" not in html


def test_unknown_call_is_a_404(client, db):
    assert client.get("/calls/999999/").status_code == 404


# The call, its participants, reports (with outlets and documents), topics; then its history
# rows, their topics and its participants' history for "Corrections by editors".
CALL_PAGE_QUERIES = 8


def test_call_page_query_count_is_fixed(client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(CALL_PAGE_QUERIES):
        client.get(f"/calls/{world.call.pk}/")


def test_call_page_query_count_stays_fixed_with_many_corrections(
    client, world, django_assert_max_num_queries
):
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.create_user("ada")
    for mode in ("phone", "video", "meeting", "phone"):
        world.call.mode, world.call._history_user = mode, editor
        world.call.save()
    participant = world.call.participants.first()
    participant.role, participant._history_user = "Top diplomat", editor
    participant.save()
    with django_assert_max_num_queries(CALL_PAGE_QUERIES):
        html = client.get(f"/calls/{world.call.pk}/").content.decode()
    assert "Corrections by editors" in html
