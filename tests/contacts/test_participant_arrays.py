"""On PostgreSQL each call keeps its participants' official and post ids in two arrays that the
person, country and role filters read (migration 0008). Whoever changes the participants (an
editor in the admin, a merge, a re-ingest, a delete), the arrays say what the table says."""

import datetime as dt
import importlib

import pytest
from django.db import connection

from contacts.models import Call, CallParticipant, Official
from contacts.services import merge_calls
from ingest.models import SourceDocument
from ingest.services import ingest_documents
from tests.contacts.test_admin import editor, editor_client, form_data, url  # noqa: F401
from tests.ingest.fakes import FakePipeline, contact, ingest, make_officials

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the arrays exist on PostgreSQL only"
)


def arrays():
    """{call id: (official ids, post ids)} as the calls' arrays hold them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, participant_official_ids, participant_position_ids FROM contacts_call"
        )
        return {pk: (set(officials), set(posts)) for pk, officials, posts in cursor.fetchall()}


def participants():
    """The same, from the participants table."""
    found = {pk: (set(), set()) for pk in Call.objects.values_list("pk", flat=True)}
    for call_id, official_id, position_id in CallParticipant.objects.values_list(
        "call_id", "official_id", "position_id"
    ):
        found[call_id][0].add(official_id)
        if position_id is not None:
            found[call_id][1].add(position_id)
    return found


def listed(client, query):
    return [call.pk for call in client.get(f"/?{query}").context["calls"]]


def test_an_editor_adding_and_removing_participants_in_the_admin_moves_the_call(
    editor_client,  # noqa: F811
    client,
    world,
):
    netanyahu = Official.objects.create(name="Test Netanyahu", slug="t-netanyahu", country="IL")
    change_url = url(Call, "change", world.call.pk)
    data = form_data(editor_client.get(change_url))
    total = int(data["participants-TOTAL_FORMS"])
    data["participants-TOTAL_FORMS"] = str(total + 1)
    data[f"participants-{total}-official"] = str(netanyahu.pk)
    gallant_row = next(
        n for n in range(total) if data[f"participants-{n}-official"] == str(world.gallant.pk)
    )
    data[f"participants-{gallant_row}-DELETE"] = "on"
    response = editor_client.post(change_url, data)
    assert response.status_code == 302, response.context["errors"]

    assert arrays() == participants()
    assert arrays()[world.call.pk][0] == {world.blinken.pk, netanyahu.pk}
    assert world.call.pk in listed(client, "person=t-netanyahu&person=t-blinken")
    assert world.call.pk not in listed(client, "person=t-gallant")
    assert world.call.pk in listed(client, "country=IL")
    assert world.call.pk not in listed(client, "role=defense-minister")


def test_a_merge_and_a_delete_keep_the_arrays_right(world):
    other = Call.objects.create(date=dt.date(2024, 6, 24), date_precision="day")
    netanyahu = Official.objects.create(name="Test Netanyahu", slug="t-netanyahu", country="IL")
    CallParticipant.objects.create(call=other, official=netanyahu)
    CallParticipant.objects.create(call=other, official=world.blinken)
    merge_calls(keep=world.call, others=[other])
    assert arrays() == participants()
    assert arrays()[world.call.pk][0] == {world.blinken.pk, world.gallant.pk, netanyahu.pk}

    CallParticipant.objects.filter(official=netanyahu).delete()
    CallParticipant.objects.filter(official=world.gallant).update(position=None)
    assert arrays() == participants()


def test_a_re_ingest_that_changes_the_participants_changes_the_arrays(db, client):
    make_officials()
    first = FakePipeline()
    first.article(
        "a.txt",
        [contact("blinken", "ashkenazi", evidence="Blinken spoke with Ashkenazi.")],
        published=dt.date(2021, 2, 22),
    )
    ingest(first, ["a.txt"])
    assert arrays() == participants() and len(arrays()) == 1

    again = FakePipeline()
    again.article(
        "a.txt",
        [contact("blinken", "netanyahu", evidence="Blinken spoke with Netanyahu.")],
        published=dt.date(2021, 2, 22),
    )
    ingest_documents(documents=SourceDocument.objects.all(), rerun=True, extractor=again)

    assert arrays() == participants()
    netanyahu = Official.objects.get(slug="netanyahu").pk
    with_netanyahu = [pk for pk, (officials, _) in participants().items() if netanyahu in officials]
    assert with_netanyahu
    assert listed(client, "person=netanyahu&person=blinken") == with_netanyahu


def test_the_migration_fills_the_arrays_of_existing_calls(world):
    migration = importlib.import_module("contacts.migrations.0008_participant_arrays")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE contacts_call SET participant_official_ids = '{}', "
            "participant_position_ids = '{}'"
        )
        assert arrays()[world.call.pk] == (set(), set())
        cursor.execute(migration.FILL)
    assert arrays() == participants()
    assert arrays()[world.call.pk] == (
        {world.blinken.pk, world.gallant.pk},
        {world.blinken_sec.pk, world.gallant_def.pk},
    )
