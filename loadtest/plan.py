"""The load test's traffic: URL templates by kind and weight, filled with values from the database.

`build_plan()` runs inside Django (run.py and the tests); the locustfile only reads its JSON.
"""

import random
from urllib.parse import quote_plus

from django.db.models import Count

from contacts.models import Call, Official, Outlet, Topic

# (kind, weight, template). Weights are shares of requests; the mix leans on what analysts do
# most: open the timeline, narrow it, read a call. Exports are bounded to a month or one person,
# as a bookmark in a feed reader or a spreadsheet would be.
MIX = (
    ("list", 10, "/"),
    ("list", 4, "/?page={page}"),
    ("list", 2, "/officials/"),
    ("filter", 6, "/?person={person}"),
    ("filter", 3, "/?person={person}&person={other}"),
    ("filter", 4, "/?topic={topic}"),
    ("filter", 3, "/?date_from={month}&date_to={month}"),
    ("filter", 3, "/?mode=phone&status=held"),
    ("filter", 2, "/?role=defense-minister"),
    ("filter", 2, "/?country=PS"),
    ("filter", 3, "/topics/{topic}/"),
    ("filter", 2, "/outlets/{outlet}/"),
    ("search", 5, "/?q={word}"),
    ("search", 3, "/?q={word}&person={person}"),
    ("call", 12, "/calls/{call}/"),
    ("official", 5, "/officials/{person}/"),
    ("export", 2, "/calls.csv?person={person}&date_from={month}&date_to={month}"),
    ("export", 2, "/calls.json?topic={topic}&date_from={month}&date_to={month}"),
    ("export", 2, "/calls.atom?person={person}"),
    ("export", 2, "/calls.ics?person={person}&date_from={month}&date_to={month}"),
)
KINDS = ("list", "filter", "search", "call", "official", "export")
# Words an analyst searches for; on any data some match and some may not, both are real traffic.
WORDS = ("hostages", "ceasefire", "Gaza", "humanitarian aid", "Iran", "normalization", "Rafah")
URLS_PER_TEMPLATE = 40
SAMPLE = 300


def _busiest(annotated, limit):
    """Slugs of the rows with the largest count `n`, most first; rows with none left out."""
    return list(
        annotated.filter(n__gt=0).order_by("-n", "slug").values_list("slug", flat=True)[:limit]
    )


def sample_values(*, rng, sample=SAMPLE):
    """Lists of parameter values that exist in the database: busy people and topics, real calls."""
    visible = Call.objects.visible()
    every_id = list(visible.order_by("pk").values_list("pk", flat=True))
    call_ids = rng.sample(every_id, min(sample, len(every_id)))
    dates = visible.filter(pk__in=call_ids, date__isnull=False).values_list("date", flat=True)
    values = {
        "person": _busiest(Official.objects.annotate(n=Count("calls")), 12),
        "topic": _busiest(Topic.objects.annotate(n=Count("calls")), 10),
        "outlet": _busiest(Outlet.objects.annotate(n=Count("articles")), 8),
        "call": call_ids,
        "month": sorted({f"{d:%Y-%m}" for d in dates}),
        "page": list(range(2, 41)),
        "word": list(WORDS),
    }
    missing = [name for name, found in values.items() if not found]
    if missing:
        raise ValueError(
            f"The database has nothing to fill these parameters: {', '.join(missing)}."
        )
    return values


def _fill(template, values, rng):
    """The template with one value drawn for each parameter; two people differ where they can."""
    people = values["person"]
    person, other = rng.sample(people, 2) if len(people) > 1 else people * 2
    chosen = {name: rng.choice(found) for name, found in values.items()}
    chosen.update(person=person, other=other)
    return template.format(**{name: quote_plus(str(value)) for name, value in chosen.items()})


def build_plan(*, seed=1, per_template=URLS_PER_TEMPLATE):
    """The plan the locustfile follows: for each template its kind, weight and concrete URLs."""
    rng = random.Random(seed)
    values = sample_values(rng=rng)
    return [
        {
            "kind": kind,
            "name": template,
            "weight": weight,
            "urls": sorted({_fill(template, values, rng) for _ in range(per_template)}),
        }
        for kind, weight, template in MIX
    ]
