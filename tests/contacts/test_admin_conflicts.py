"""Two editors on one record: the second save from a form opened before the first is refused."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from contacts.models import Article, Call
from contacts.permissions import EDITORS, setup_editors
from tests.contacts.test_admin import form_data, url


@pytest.fixture
def editors(db):
    """Two logged-in browsers, one per editor: (ada's client, ben's client)."""
    setup_editors()
    clients = []
    for name in ("ada", "ben"):
        user = get_user_model().objects.create_user(name, password="x", is_staff=True)
        user.groups.add(Group.objects.get(name=EDITORS))
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def page_text(response):
    return response.content.decode()


def test_the_second_editor_gets_a_conflict_message_instead_of_overwriting(editors, world):
    ada, ben = editors
    change_url = url(Call, "change", world.call.pk)
    ada_form = form_data(ada.get(change_url))
    ben_form = form_data(ben.get(change_url))

    ada_form["date"] = "2024-06-25"
    assert ada.post(change_url, ada_form).status_code == 302

    ben_form["status"] = "cancelled"
    refused = ben.post(change_url, ben_form)
    assert refused.status_code == 200
    text = page_text(refused)
    assert "This call was saved by ada at" in text
    assert "after you opened this form" in text
    assert "(date" in text  # what ada changed
    assert f'href="{change_url}">Reload the call</a>' in text
    world.call.refresh_from_db()
    assert (world.call.date, world.call.status) == (dt.date(2024, 6, 25), "held")

    # Sending the same out-of-date form again is refused again; reloading gives a fresh one.
    assert ben.post(change_url, ben_form).status_code == 200
    fresh = form_data(ben.get(change_url))
    assert fresh["date"] == "2024-06-25"
    fresh["status"] = "cancelled"
    assert ben.post(change_url, fresh).status_code == 302
    world.call.refresh_from_db()
    assert (world.call.date, world.call.status) == (dt.date(2024, 6, 25), "cancelled")


def test_one_editor_saving_twice_in_a_row_meets_no_conflict(editors, world):
    ada, _ = editors
    change_url = url(Call, "change", world.call.pk)
    for mode in ("phone", "video"):
        data = form_data(ada.get(change_url))
        data["mode"] = mode
        assert ada.post(change_url, data).status_code == 302
    world.call.refresh_from_db()
    assert world.call.mode == "video"


def test_a_change_by_the_ingest_while_the_form_is_open_is_not_overwritten(editors, world):
    ada, _ = editors
    change_url = url(Call, "change", world.call.pk)
    data = form_data(ada.get(change_url))
    # A re-ingest adds a topic (only the many-to-many table changes) while ada reads.
    world.call.topics.add(world.security)

    data["summary"] = "They discussed hostages."
    refused = ada.post(change_url, data)
    assert refused.status_code == 200
    assert "saved by the ingest or a script" in page_text(refused)
    assert set(world.call.topics.all()) == {world.hostages, world.security}
    world.call.refresh_from_db()
    assert world.call.summary == ""


def test_two_editors_correcting_one_article_conflict_too(editors, world):
    ada, ben = editors
    change_url = url(Article, "change", world.article.pk)
    ada_form = form_data(ada.get(change_url))
    ben_form = form_data(ben.get(change_url))
    ada_form["title"] = "Blinken and Gallant meet"
    assert ada.post(change_url, ada_form).status_code == 302
    ben_form["title"] = "Gallant in Washington"
    refused = ben.post(change_url, ben_form)
    assert "This article was saved by ada" in page_text(refused)
    world.article.refresh_from_db()
    assert world.article.title == "Blinken and Gallant meet"
