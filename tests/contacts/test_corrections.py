"""A call's page after an editor's correction: the basis, the review note and who changed what."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from contacts.corrections import call_corrections
from contacts.models import Call
from contacts.permissions import EDITORS, setup_editors
from tests.contacts.test_admin import form_data, url

DATE_DOUBT = "In “Blinken meets Gallant” (Test Outlet), only the weekday is known (Monday)."
PERSON_DOUBT = "In “Blinken meets Gallant” (Test Outlet), new official 'Dana Newcomer'."


@pytest.fixture
def ada(db):
    setup_editors()
    user = get_user_model().objects.create_user(
        "ada", first_name="Ada", last_name="Lovelace", is_staff=True
    )
    user.groups.add(Group.objects.get(name=EDITORS))
    client = Client()
    client.force_login(user)
    return client


def flag(call, *lines):
    call.needs_review, call.review_note = True, "\n".join(lines)
    call.save()


def correct_date(client, call, day):
    change_url = url(Call, "change", call.pk)
    data = form_data(client.get(change_url))
    data["date"] = day
    response = client.post(change_url, data)
    assert response.status_code == 302, response.context["errors"]
    call.refresh_from_db()


def page(client, call):
    return client.get(call.get_absolute_url()).content.decode()


def test_the_review_note_is_a_list_of_whole_sentences_on_the_page(client, world):
    flag(world.call, DATE_DOUBT, "Reports give different dates.")
    html = page(client, world.call)
    assert "An editor has yet to check this record:</p>" in html
    assert f"<li>{DATE_DOUBT}</li>" in html
    assert "<li>Reports give different dates.</li>" in html


def test_an_editors_date_settles_the_date_doubts_and_says_so_on_the_page(ada, client, world):
    flag(world.call, DATE_DOUBT, "Reports give different dates.")
    correct_date(ada, world.call, "2024-06-25")

    call = world.call
    assert (call.date, call.date_basis, call.needs_review) == (
        dt.date(2024, 6, 25),
        "editor",
        False,
    )
    assert {"date", "date_basis", "date_note"} <= set(call.edited_fields)
    # The ingest may still add a new doubt (a person) later: the review fields stay unlocked.
    assert not {"review_note", "needs_review"} & set(call.edited_fields)

    html = page(client, call)
    assert "An editor has yet to check this record" not in html
    assert "Monday 24 June 2024 from" not in html
    assert "Set by an editor. Corrected by Ada Lovelace on " in html
    assert "before, the record said Monday 24 June 2024 (relative to the publication date)" in html
    assert '<time datetime="2024-06-25">Tuesday 25 June 2024</time>' in html
    assert "Corrections by editors" in html
    assert (
        "Ada Lovelace: date: Monday 24 June 2024 → Tuesday 25 June 2024; marked as checked." in html
    )


def test_a_doubt_that_is_not_about_the_date_stays_open_after_a_date_correction(ada, client, world):
    flag(world.call, DATE_DOUBT, PERSON_DOUBT)
    correct_date(ada, world.call, "2024-06-25")

    assert world.call.needs_review and world.call.review_note == PERSON_DOUBT
    html = page(client, world.call)
    assert "An editor has yet to check this record:" in html
    assert "new official &#x27;Dana Newcomer&#x27;" in html
    assert "only the weekday is known" not in html


def test_an_editors_own_review_choice_is_kept(ada, world):
    flag(world.call, DATE_DOUBT)
    change_url = url(Call, "change", world.call.pk)
    data = form_data(ada.get(change_url))
    data["date"], data["review_note"] = "2024-06-25", "Check with the embassy."
    assert ada.post(change_url, data).status_code == 302
    world.call.refresh_from_db()
    assert world.call.needs_review and world.call.review_note == "Check with the embassy."


def test_corrections_list_editors_changes_not_the_ingests(ada, world):
    world.call.summary = "Written by the ingest."  # a save with no user: the ingest or a script
    world.call.save()
    change_url = url(Call, "change", world.call.pk)
    data = form_data(ada.get(change_url))
    data["status"] = "cancelled"
    data["participants-0-role"] = "Top diplomat"
    data["topics"] = [str(world.hostages.pk), str(world.security.pk)]
    assert ada.post(change_url, data).status_code == 302

    [correction] = call_corrections(call=world.call)
    assert correction.who == "Ada Lovelace"
    # One save: the call's row, its topics' rows and the participant's row make one correction.
    assert sorted(correction.changes) == [
        "role of Test Antony Blinken: Secretary of State → Top diplomat",
        "status: Held → Cancelled",
        "topics: Test Hostages → Test Hostages, Test Security",
    ]
