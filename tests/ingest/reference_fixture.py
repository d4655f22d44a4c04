"""A hand-built Reference of real officials with their real posts, for the extraction tests.

Kept apart from contacts/reference_data so the tests stay stable when that data grows.
"""

from datetime import date

from ingest.pipeline.records import PersonRef, PositionRef, Reference, TopicRef

D = date

# slug, name, country, aliases, [(title, role, country, start, end, is_spokesperson)]
OFFICIALS = [
    (
        "antony-blinken",
        "Antony Blinken",
        "US",
        ["Antony J. Blinken", "Tony Blinken", "@SecBlinken"],
        [
            (
                "Deputy Secretary of State",
                "deputy-secretary-of-state",
                "US",
                D(2015, 1, 9),
                D(2017, 1, 20),
                False,
            ),
            (
                "Secretary of State",
                "secretary-of-state",
                "US",
                D(2021, 1, 26),
                D(2025, 1, 20),
                False,
            ),
        ],
    ),
    (
        "marco-rubio",
        "Marco Rubio",
        "US",
        ["@SecRubio"],
        [
            ("Secretary of State", "secretary-of-state", "US", D(2025, 1, 21), None, False),
        ],
    ),
    (
        "lloyd-austin",
        "Lloyd Austin",
        "US",
        ["Lloyd J. Austin III"],
        [
            (
                "Secretary of Defense",
                "secretary-of-defense",
                "US",
                D(2021, 1, 22),
                D(2025, 1, 20),
                False,
            ),
        ],
    ),
    (
        "jim-mattis",
        "Jim Mattis",
        "US",
        ["James Mattis", "James N. Mattis"],
        [
            (
                "Secretary of Defense",
                "secretary-of-defense",
                "US",
                D(2017, 1, 20),
                D(2019, 1, 1),
                False,
            ),
        ],
    ),
    (
        "jake-sullivan",
        "Jake Sullivan",
        "US",
        [],
        [
            (
                "National Security Advisor",
                "national-security-advisor",
                "US",
                D(2021, 1, 20),
                D(2025, 1, 20),
                False,
            ),
        ],
    ),
    (
        "joe-biden",
        "Joe Biden",
        "US",
        ["Joseph R. Biden", "Joseph Biden"],
        [
            ("Vice President", "vice-president", "US", D(2009, 1, 20), D(2017, 1, 20), False),
            ("President", "president", "US", D(2021, 1, 20), D(2025, 1, 20), False),
        ],
    ),
    (
        "donald-trump",
        "Donald Trump",
        "US",
        ["Donald J. Trump"],
        [
            ("President", "president", "US", D(2017, 1, 20), D(2021, 1, 20), False),
            ("President", "president", "US", D(2025, 1, 20), None, False),
        ],
    ),
    (
        "william-burns",
        "William Burns",
        "US",
        ["William J. Burns", "Bill Burns"],
        [
            (
                "Director of the Central Intelligence Agency",
                "cia-director",
                "US",
                D(2021, 3, 19),
                D(2025, 1, 20),
                False,
            ),
        ],
    ),
    (
        "amos-hochstein",
        "Amos Hochstein",
        "US",
        [],
        [
            (
                "Senior Advisor to the President",
                "senior-advisor",
                "US",
                D(2022, 8, 1),
                D(2025, 1, 20),
                False,
            ),
        ],
    ),
    (
        "brett-mcgurk",
        "Brett McGurk",
        "US",
        [],
        [
            (
                "Middle East and North Africa Coordinator",
                "mena-coordinator",
                "US",
                D(2021, 1, 20),
                D(2025, 1, 20),
                False,
            ),
        ],
    ),
    (
        "matthew-miller",
        "Matthew Miller",
        "US",
        [],
        [
            (
                "Spokesperson, Department of State",
                "spokesperson",
                "US",
                D(2023, 5, 1),
                D(2025, 1, 20),
                True,
            ),
        ],
    ),
    (
        "ned-price",
        "Ned Price",
        "US",
        [],
        [
            (
                "Spokesperson, Department of State",
                "spokesperson",
                "US",
                D(2021, 1, 20),
                D(2023, 4, 30),
                True,
            ),
        ],
    ),
    (
        "john-kirby",
        "John Kirby",
        "US",
        ["John F. Kirby"],
        [
            (
                "Pentagon Press Secretary",
                "press-secretary",
                "US",
                D(2021, 1, 20),
                D(2022, 5, 31),
                True,
            ),
            (
                "National Security Council Coordinator for Strategic Communications",
                "nsc-communications",
                "US",
                D(2022, 6, 1),
                D(2025, 1, 20),
                True,
            ),
        ],
    ),
    (
        "tammy-bruce",
        "Tammy Bruce",
        "US",
        [],
        [
            ("Spokesperson, Department of State", "spokesperson", "US", D(2025, 1, 21), None, True),
        ],
    ),
    (
        "gabi-ashkenazi",
        "Gabi Ashkenazi",
        "IL",
        ["Gabriel Ashkenazi"],
        [
            (
                "Minister of Foreign Affairs",
                "foreign-minister",
                "IL",
                D(2020, 5, 17),
                D(2021, 6, 13),
                False,
            ),
        ],
    ),
    (
        "benjamin-netanyahu",
        "Benjamin Netanyahu",
        "IL",
        ["Bibi", "Bibi Netanyahu"],
        [
            ("Prime Minister", "prime-minister", "IL", D(1996, 6, 18), D(1999, 7, 6), False),
            ("Prime Minister", "prime-minister", "IL", D(2009, 3, 31), D(2021, 6, 13), False),
            ("Prime Minister", "prime-minister", "IL", D(2022, 12, 29), None, False),
        ],
    ),
    (
        "naftali-bennett",
        "Naftali Bennett",
        "IL",
        [],
        [
            ("Prime Minister", "prime-minister", "IL", D(2021, 6, 13), D(2022, 6, 30), False),
        ],
    ),
    (
        "yair-lapid",
        "Yair Lapid",
        "IL",
        [],
        [
            (
                "Minister of Foreign Affairs",
                "foreign-minister",
                "IL",
                D(2021, 6, 13),
                D(2022, 12, 29),
                False,
            ),
            (
                "Alternate Prime Minister",
                "alternate-prime-minister",
                "IL",
                D(2021, 6, 13),
                D(2022, 6, 30),
                False,
            ),
            ("Prime Minister", "prime-minister", "IL", D(2022, 7, 1), D(2022, 12, 29), False),
        ],
    ),
    (
        "isaac-herzog",
        "Isaac Herzog",
        "IL",
        ["Yitzhak Herzog"],
        [
            ("President", "president", "IL", D(2021, 7, 7), None, False),
        ],
    ),
    (
        "benny-gantz",
        "Benny Gantz",
        "IL",
        [],
        [
            (
                "Minister of Defense",
                "defense-minister",
                "IL",
                D(2020, 5, 17),
                D(2022, 12, 29),
                False,
            ),
            (
                "Minister without portfolio (war cabinet)",
                "war-cabinet-member",
                "IL",
                D(2023, 10, 11),
                D(2024, 6, 9),
                False,
            ),
        ],
    ),
    (
        "yoav-gallant",
        "Yoav Gallant",
        "IL",
        [],
        [
            (
                "Minister of Defense",
                "defense-minister",
                "IL",
                D(2022, 12, 29),
                D(2024, 11, 5),
                False,
            ),
        ],
    ),
    (
        "avigdor-lieberman",
        "Avigdor Lieberman",
        "IL",
        ["Avigdor Liberman"],
        [
            (
                "Minister of Defense",
                "defense-minister",
                "IL",
                D(2016, 5, 30),
                D(2018, 11, 18),
                False,
            ),
            (
                "Minister of Finance",
                "finance-minister",
                "IL",
                D(2021, 6, 13),
                D(2022, 12, 29),
                False,
            ),
        ],
    ),
    (
        "eli-cohen",
        "Eli Cohen",
        "IL",
        [],
        [
            (
                "Minister of Foreign Affairs",
                "foreign-minister",
                "IL",
                D(2023, 1, 1),
                D(2024, 1, 1),
                False,
            ),
        ],
    ),
    (
        "yossi-cohen",
        "Yossi Cohen",
        "IL",
        [],
        [
            (
                "Director of the Mossad",
                "mossad-director",
                "IL",
                D(2016, 1, 6),
                D(2021, 6, 1),
                False,
            ),
        ],
    ),
    (
        "israel-katz",
        "Israel Katz",
        "IL",
        [],
        [
            (
                "Minister of Foreign Affairs",
                "foreign-minister",
                "IL",
                D(2024, 1, 1),
                D(2024, 11, 5),
                False,
            ),
            ("Minister of Defense", "defense-minister", "IL", D(2024, 11, 5), None, False),
        ],
    ),
    (
        "ron-dermer",
        "Ron Dermer",
        "IL",
        [],
        [
            (
                "Minister of Strategic Affairs",
                "strategic-affairs-minister",
                "IL",
                D(2022, 12, 29),
                None,
                False,
            ),
        ],
    ),
    (
        "tzachi-hanegbi",
        "Tzachi Hanegbi",
        "IL",
        ["Tzahi Hanegbi"],
        [
            (
                "National Security Advisor",
                "national-security-advisor",
                "IL",
                D(2023, 1, 1),
                None,
                False,
            ),
        ],
    ),
    (
        "eyal-hulata",
        "Eyal Hulata",
        "IL",
        [],
        [
            (
                "National Security Advisor",
                "national-security-advisor",
                "IL",
                D(2021, 8, 1),
                D(2023, 1, 1),
                False,
            ),
        ],
    ),
    (
        "meir-ben-shabbat",
        "Meir Ben-Shabbat",
        "IL",
        [],
        [
            (
                "National Security Advisor",
                "national-security-advisor",
                "IL",
                D(2017, 8, 1),
                D(2021, 7, 31),
                False,
            ),
        ],
    ),
    (
        "gideon-saar",
        "Gideon Sa'ar",
        "IL",
        ["Gideon Saar"],
        [
            ("Minister of Foreign Affairs", "foreign-minister", "IL", D(2024, 11, 5), None, False),
        ],
    ),
    (
        "mahmoud-abbas",
        "Mahmoud Abbas",
        "PS",
        ["Abu Mazen"],
        [
            (
                "President of the Palestinian Authority",
                "president",
                "PS",
                D(2005, 1, 15),
                None,
                False,
            ),
        ],
    ),
]

TOPICS = [
    ("iran", "Iran", ("Iran", "Iranian", "nuclear deal")),
    ("two-state-solution", "Two-state solution", ("two-state solution", "2-state solution")),
    ("hostages", "Hostages", ("hostage", "hostages")),
    ("gaza-ceasefire", "Gaza ceasefire", ("ceasefire in Gaza", "ceasefire")),
    ("humanitarian-aid", "Humanitarian aid", ("humanitarian assistance", "humanitarian aid")),
    ("west-bank", "West Bank", ("West Bank",)),
    (
        "regional-integration",
        "Regional integration",
        ("regional integration", "Abraham Accords", "circle of peace"),
    ),
    ("lebanon", "Lebanon / Hezbollah", ("Lebanon", "Lebanese", "Hezbollah", "Hizballah")),
]


def build_reference(without=()):
    """The officials above as a Reference; `without` leaves some slugs out (newcomer tests)."""
    people, aliases, positions = [], {}, []
    for slug, name, country, alias_list, posts in OFFICIALS:
        if slug in without:
            continue
        people.append(PersonRef(slug=slug, name=name, country=country))
        if alias_list:
            aliases[slug] = list(alias_list)
        for title, role, post_country, start, end, spokes in posts:
            positions.append(
                PositionRef(
                    slug=slug,
                    title=title,
                    role=role,
                    country=post_country,
                    start=start,
                    end=end,
                    is_spokesperson=spokes,
                )
            )
    topics = [TopicRef(slug=s, name=n, phrases=p) for s, n, p in TOPICS]
    return Reference(people=people, aliases=aliases, positions=positions, topics=topics)


REFERENCE = build_reference()


# Gulf and Arab officials for the contact, people and dates tests that name them; a Reference of
# its own so the tests built on REFERENCE keep reading the world they were written against.
GULF = [
    ("mohammed-bin-salman", "Mohammed bin Salman", "SA", "Crown Prince", "crown-prince", D(2017, 6, 21)),
    ("king-salman", "Salman bin Abdulaziz Al Saud", "SA", "King", "king", D(2015, 1, 23)),
    ("nawaf-salam", "Nawaf Salam", "LB", "Prime Minister", "prime-minister", D(2025, 2, 8)),
    ("mohamed-bin-zayed", "Mohamed bin Zayed Al Nahyan", "AE", "Crown Prince of Abu Dhabi", "crown-prince", D(2014, 1, 1)),
    ("abdullah-bin-zayed", "Abdullah bin Zayed Al Nahyan", "AE", "Minister of Foreign Affairs", "foreign-minister", D(2006, 2, 9)),
    ("nasser-bourita", "Nasser Bourita", "MA", "Minister of Foreign Affairs", "foreign-minister", D(2017, 4, 5)),
    ("faisal-bin-farhan", "Faisal bin Farhan Al Saud", "SA", "Minister of Foreign Affairs", "foreign-minister", D(2019, 10, 23)),
    ("abdullah-ii", "Abdullah II bin Al-Hussein", "JO", "King", "king", D(1999, 2, 7)),
]  # fmt: skip
WORLD = Reference(
    people=REFERENCE.people + [PersonRef(s, n, c) for s, n, c, *_ in GULF],
    aliases={
        **REFERENCE.aliases,
        "mohamed-bin-zayed": ["Mohamed bin Zayed"],
        "faisal-bin-farhan": ["Faisal bin Farhan"],
        "abdullah-ii": ["King Abdullah II", "King Abdullah", "Abdullah II"],
    },
    positions=REFERENCE.positions
    + [PositionRef(s, t, r, c, start) for s, _, c, t, r, start in GULF],
    topics=REFERENCE.topics,
)
