"""The reference data: loaded by the migrations, reloadable without duplicates, true to the record."""

import datetime as dt
import io
import json
import re
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from contacts.models import Official, OfficialAlias, Outlet, OutletDomain, Position, Topic
from contacts.reference import (
    DATA_DIR,
    ReferenceDataError,
    load_reference_data,
    read_reference_data,
)

MODELS = (Official, OfficialAlias, Position, Outlet, OutletDomain, Topic)


def row_counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def raw_officials():
    for path in sorted((DATA_DIR / "officials").glob("*.json")):
        yield from json.loads(path.read_text(encoding="utf-8"))["officials"]


# After migrate


def test_the_migrations_load_the_reference_data(db):
    assert Official.objects.count() >= 150
    assert Position.objects.count() >= 200
    assert OfficialAlias.objects.count() >= 250
    assert Outlet.objects.count() >= 40
    assert OutletDomain.objects.count() >= Outlet.objects.count()
    assert Topic.objects.count() >= 20
    parents = Topic.objects.filter(parent__isnull=True)
    assert parents.count() >= 5
    assert all(parent.children.exists() for parent in parents)


def test_every_official_has_a_country_and_a_position(db):
    assert not Official.objects.filter(country="XX").exists()
    assert not Official.objects.filter(positions__isnull=True).exists()


def test_every_outlet_has_a_domain(db):
    assert not Outlet.objects.filter(domains__isnull=True).exists()


@pytest.mark.parametrize(
    "host, outlet",
    [
        ("israelhayom.com", "Israel Hayom"),
        ("jns.org", "JNS"),
        ("haaretz.com", "Haaretz"),
        ("jewishtvchannel.com", "Jewish TV Channel"),
        ("einpresswire.com", "EIN Presswire"),
        ("thefederalnewswire.com", "The Federal Newswire"),
        ("newsbreak.com", "NewsBreak"),
        ("govmemo.com", "GovMemo"),
        ("miragenews.com", "Mirage News"),
        ("globalsecurity.org", "GlobalSecurity.org"),
        ("thefrontierpost.com", "The Frontier Post"),
        ("state.gov", "U.S. Department of State"),
        ("whitehouse.gov", "The White House"),
        ("defense.gov", "U.S. Department of Defense"),
        ("il.usembassy.gov", "U.S. Embassy in Israel"),
        ("timesofisrael.com", "The Times of Israel"),
        ("reuters.com", "Reuters"),
    ],
)
def test_the_sources_of_the_seeds_and_readouts_are_known_outlets(db, host, outlet):
    assert OutletDomain.objects.get(domain=host).outlet.name == outlet


# Reloading


def test_loading_again_creates_nothing(db):
    before = row_counts()
    counts = load_reference_data()
    assert all(c["created"] == 0 for c in counts.values())
    assert counts["officials"]["existing"] == len(read_reference_data()["officials"])
    assert row_counts() == before


def test_the_command_reloads_and_reports_the_counts(db):
    before = row_counts()
    out = io.StringIO()
    call_command("load_reference", stdout=out)
    assert "officials: 0 created" in out.getvalue()
    assert "topics: 0 created" in out.getvalue()
    assert row_counts() == before


def test_the_command_reports_bad_data_files_without_a_traceback(db, tmp_path):
    (tmp_path / "roles.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="roles.json: cannot be read as JSON"):
        call_command("load_reference", data_dir=str(tmp_path), stdout=io.StringIO())


def test_an_editors_corrections_survive_a_reload(db):
    netanyahu = Official.objects.get(slug="benjamin-netanyahu")
    netanyahu.name = "Binyamin Netanyahu (corrected)"
    netanyahu.notes = "Checked by an editor."
    netanyahu.save()
    gallant_term = Position.objects.get(official__slug="yoav-gallant", role="defense-minister")
    gallant_term.start = dt.date(2022, 12, 30)
    gallant_term.save()
    outlet = Outlet.objects.get(slug="haaretz")
    outlet.homepage = "https://www.haaretz.com/israel-news"
    outlet.save()
    topic = Topic.objects.get(slug="hostages")
    topic.phrases = "hostage\nhostages"
    topic.save()
    before = row_counts()

    load_reference_data()

    netanyahu.refresh_from_db()
    assert netanyahu.name == "Binyamin Netanyahu (corrected)"
    assert netanyahu.notes == "Checked by an editor."
    # The corrected term is not joined by a second copy with the file's start date.
    assert (
        Position.objects.filter(official__slug="yoav-gallant", role="defense-minister").count() == 1
    )
    assert Outlet.objects.get(slug="haaretz").homepage == "https://www.haaretz.com/israel-news"
    assert Topic.objects.get(slug="hostages").phrases == "hostage\nhostages"
    assert row_counts() == before


def test_a_reload_restores_what_is_missing(db):
    OutletDomain.objects.filter(domain="jns.org").delete()
    OfficialAlias.objects.filter(name="@SecBlinken").delete()

    counts = load_reference_data()

    assert counts["domains"]["created"] == 1
    assert counts["aliases"]["created"] == 1
    assert OutletDomain.objects.get(domain="jns.org").outlet.slug == "jns"
    assert Official.objects.by_alias("@SecBlinken").get().slug == "antony-blinken"


def test_an_extended_data_file_adds_only_the_new_rows_with_history(db, tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    path = data_dir / "officials" / "us.json"
    content = json.loads(path.read_text(encoding="utf-8"))
    content["officials"].append(
        {
            "name": "Test Envoy",
            "country": "US",
            "aliases": {"short": ["T. Envoy"]},
            "positions": [
                {
                    "title": "Special Envoy",
                    "role": "special-envoy-middle-east",
                    "start": "2026-01-05",
                }
            ],
        }
    )
    path.write_text(json.dumps(content), encoding="utf-8")

    counts = load_reference_data(data_dir=data_dir)

    assert (counts["officials"]["created"], counts["positions"]["created"]) == (1, 1)
    envoy = Official.objects.get(slug="test-envoy")
    assert envoy.normalized_name == "test envoy"
    assert envoy.history.count() == 1
    assert list(Official.objects.by_alias("T Envoy")) == [envoy]
    assert list(Official.objects.holding("special-envoy-middle-east", dt.date(2026, 2, 1))) == [
        Official.objects.get(slug="steve-witkoff"),
        envoy,
    ]


# Roles on dates, with the real data


@pytest.mark.parametrize(
    "slug, on, title",
    [
        ("antony-blinken", dt.date(2023, 9, 5), "Secretary of State"),
        ("yoav-gallant", dt.date(2024, 6, 24), "Minister of Defense"),
        ("yair-lapid", dt.date(2022, 1, 31), "Minister of Foreign Affairs"),
        ("yair-lapid", dt.date(2022, 7, 6), "Prime Minister"),
        ("tzachi-hanegbi", dt.date(2024, 5, 12), "National Security Advisor"),
        ("benjamin-netanyahu", dt.date(2019, 1, 1), "Prime Minister"),
        ("benny-gantz", dt.date(2021, 1, 1), "Minister of Defense"),
        ("marco-rubio", dt.date(2025, 6, 1), "Secretary of State"),
        ("jim-mattis", dt.date(2017, 3, 7), "Secretary of Defense"),
        ("mahmoud-abbas", dt.date(2024, 4, 1), "President of the Palestinian Authority"),
        ("mohammed-bin-salman", dt.date(2023, 9, 20), "Crown Prince"),
    ],
)
def test_the_role_a_reader_sees_on_a_date(db, slug, on, title):
    assert Official.objects.get(slug=slug).role_on(on) == title


def test_lapid_was_foreign_minister_and_alternate_prime_minister_together(db):
    lapid = Official.objects.get(slug="yair-lapid")
    roles = set(lapid.positions.held_on(dt.date(2022, 1, 31)).values_list("role", flat=True))
    assert roles == {"foreign-minister", "alternate-prime-minister"}


@pytest.mark.parametrize(
    "role, country, on, slugs",
    [
        ("defense-minister", "IL", dt.date(2021, 5, 18), ["benny-gantz"]),
        ("defense-minister", "IL", dt.date(2025, 6, 1), ["israel-katz"]),
        ("president", "US", dt.date(2021, 1, 27), ["joe-biden"]),
        ("president", "US", dt.date(2019, 6, 1), ["donald-trump"]),
        ("prime-minister", "IL", dt.date(2021, 12, 22), ["naftali-bennett"]),
        ("foreign-minister", "IL", dt.date(2023, 10, 7), ["eli-cohen"]),
        ("foreign-minister", "IL", dt.date(2021, 2, 22), ["gabi-ashkenazi"]),
        ("national-security-advisor", "IL", dt.date(2021, 1, 23), ["meir-ben-shabbat"]),
        ("national-security-advisor", "US", dt.date(2021, 1, 23), ["jake-sullivan"]),
        ("secretary-of-state", "US", dt.date(2025, 1, 23), ["marco-rubio"]),
        ("cia-director", "US", dt.date(2024, 6, 24), ["william-burns"]),
        ("ambassador-to-israel", "US", dt.date(2021, 12, 22), ["tom-nides"]),
        ("idf-chief-of-staff", "IL", dt.date(2024, 1, 1), ["herzi-halevi"]),
        ("war-cabinet-member", "IL", dt.date(2024, 1, 1), None),
    ],
)
def test_who_held_a_post_on_a_date(db, role, country, on, slugs):
    holders = Official.objects.holding(role, on).filter(country=country)
    if slugs is None:
        assert {o.slug for o in holders} >= {"benjamin-netanyahu", "yoav-gallant", "benny-gantz"}
    else:
        assert sorted(o.slug for o in holders) == slugs


def test_gallant_was_no_longer_defense_minister_in_june_2025(db):
    holders = Official.objects.holding("defense-minister", dt.date(2025, 6, 1))
    assert not holders.filter(slug="yoav-gallant").exists()


# Spokespeople


@pytest.mark.parametrize("slug", ["ned-price", "matthew-miller", "tammy-bruce", "vedant-patel"])
def test_spokespeople_are_marked(db, slug):
    positions = Position.objects.filter(official__slug=slug)
    assert positions.exists()
    assert all(p.is_spokesperson for p in positions)


def test_kirby_was_a_spokesperson_on_the_day_of_the_austin_gantz_call(db):
    position = Official.objects.get(slug="john-kirby").position_on(dt.date(2021, 5, 18))
    assert position.title == "Pentagon Press Secretary"
    assert position.is_spokesperson


def test_principals_are_not_marked_as_spokespeople(db):
    for slug in ("antony-blinken", "jake-sullivan", "benjamin-netanyahu", "ibrahim-kalin"):
        assert not Position.objects.filter(official__slug=slug, is_spokesperson=True).exists()


# Aliases


@pytest.mark.parametrize(
    "alias, slug",
    [
        ("@SecBlinken", "antony-blinken"),
        ("Antony J. Blinken", "antony-blinken"),
        ("Tony Blinken", "antony-blinken"),
        ("Bibi", "benjamin-netanyahu"),
        ("@netanyahu", "benjamin-netanyahu"),
        ("בנימין נתניהו", "benjamin-netanyahu"),
        ("Ben Shabbat", "meir-ben-shabbat"),
        ("Ben-Shabbat", "meir-ben-shabbat"),
        ("Avigdor Liberman", "avigdor-lieberman"),
        ("Gideon Saar", "gideon-saar"),
        ("Tzachi Ha-Negbi", "tzachi-hanegbi"),
        ("Lloyd J. Austin III", "lloyd-austin"),
        ("Donald J. Trump", "donald-trump"),
        ("Benjamin Gantz", "benny-gantz"),
        ("@yoavgallant", "yoav-gallant"),
        ("Abu Mazen", "mahmoud-abbas"),
        ("MBS", "mohammed-bin-salman"),
    ],
)
def test_aliases_resolve_to_one_official(db, alias, slug):
    assert [o.slug for o in Official.objects.by_alias(alias)] == [slug]


# The data files themselves, without the database


def test_no_position_in_the_files_ends_before_it_starts():
    checked = 0
    for official in raw_officials():
        for position in official["positions"]:
            start = dt.date.fromisoformat(position["start"])
            if position.get("end"):
                assert dt.date.fromisoformat(position["end"]) >= start, official["name"]
                checked += 1
    assert checked > 100


def test_positions_open_in_the_files_are_the_holders_of_late_2026():
    open_terms = {
        (official["name"], position["role"])
        for official in raw_officials()
        for position in official["positions"]
        if not position.get("end")
    }
    assert ("Donald Trump", "president") in open_terms
    assert ("Isaac Herzog", "president") in open_terms
    assert ("Joe Biden", "president") not in open_terms
    assert ("Antony Blinken", "secretary-of-state") not in open_terms


def test_no_domain_is_listed_twice_in_the_files():
    outlets = json.loads((DATA_DIR / "outlets.json").read_text(encoding="utf-8"))["outlets"]
    domains = [domain for outlet in outlets for domain in outlet["domains"]]
    assert len(outlets) >= 40
    assert len(domains) == len(set(domains))
    assert not [d for d in domains if d.startswith("www.") or d != d.lower()]


def test_no_topic_phrase_is_so_general_that_it_tags_every_readout():
    topics = json.loads((DATA_DIR / "topics.json").read_text(encoding="utf-8"))["topics"]
    phrases = {phrase for topic in topics for phrase in topic["phrases"]}
    too_general = {"security", "talks", "discussed", "call", "meeting", "israel", "israeli"}
    too_general |= {"united states", "u.s.", "secretary", "minister", "peace", "region"}
    assert not phrases & too_general
    assert sum(1 for topic in topics if topic["phrases"]) >= 20


def test_the_files_pass_the_loaders_checks():
    data = read_reference_data()
    roles = set(data["roles"])
    assert {p["role"] for o in data["officials"] for p in o["positions"]} <= roles
    assert {"spokesperson", "press-secretary"} <= set(data["spokesperson_roles"])


@pytest.fixture
def data_copy(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    return data_dir


def edit_json(path, change):
    content = json.loads(path.read_text(encoding="utf-8"))
    change(content)
    path.write_text(json.dumps(content), encoding="utf-8")


@pytest.mark.parametrize(
    "file, change, message",
    [
        (
            "officials/israel.json",
            lambda c: c["officials"][0]["positions"][0].update(end="2000-01-01"),
            "ends (2000-01-01) before it starts",
        ),
        (
            "officials/israel.json",
            lambda c: c["officials"][0]["positions"][0].update(role="prime-minster"),
            "role 'prime-minster' is not in roles.json",
        ),
        (
            "officials/israel.json",
            lambda c: c["officials"][0]["aliases"]["short"].append("BIBI"),
            "repeats the name or another alias",
        ),
        (
            "officials/israel.json",
            lambda c: c["officials"][0]["positions"].append(
                {"title": "PM", "role": "prime-minister", "start": "2020-01-01"}
            ),
            "two 'prime-minister' terms overlap",
        ),
        (
            "outlets.json",
            lambda c: c["outlets"][1]["domains"].append("haaretz.com"),
            "outlet domain 'haaretz.com' appears 2 times",
        ),
        (
            "outlets.json",
            lambda c: c["outlets"][0]["domains"].append("www.example.com"),
            "bare lower-case host name",
        ),
        (
            "outlets.json",
            lambda c: c["outlets"][0].update(domains="jns.org"),
            "domains must be a list",
        ),
        (
            "officials/us.json",
            lambda c: c["officials"].append("Jane Doe"),
            "entry #",
        ),
        (
            "topics.json",
            lambda c: c["topics"].reverse(),
            "which is not listed before it",
        ),
        (
            "topics.json",
            lambda c: c["topics"][0]["phrases"].append("Gaza City"),
            "must be non-empty and lower-case",
        ),
    ],
)
def test_the_loader_rejects_inconsistent_data(data_copy, file, change, message):
    edit_json(data_copy / file, change)
    with pytest.raises(ReferenceDataError, match=re.escape(message)):
        read_reference_data(data_copy)
