"""The reference data the pipeline needs, read from the database once per batch."""

from contacts.models import Official, OfficialAlias, Outlet, OutletDomain, Position, Topic
from ingest.pipeline.records import OutletRef, PersonRef, PositionRef, Reference, TopicRef


def load_reference() -> Reference:
    """Officials, aliases, positions, topics and outlets as plain records (six queries)."""
    people = [
        PersonRef(slug=slug, name=name, country=country)
        for slug, name, country in Official.objects.order_by("pk").values_list(
            "slug", "name", "country"
        )
    ]
    aliases: dict[str, list[str]] = {}
    for slug, name in OfficialAlias.objects.order_by("pk").values_list("official__slug", "name"):
        aliases.setdefault(slug, []).append(name)
    positions = [
        PositionRef(
            slug=row["official__slug"],
            title=row["title"],
            role=row["role"],
            country=row["country"],
            start=row["start"],
            end=row["end"],
            is_spokesperson=row["is_spokesperson"],
        )
        for row in Position.objects.order_by("official_id", "start").values(
            "official__slug", "title", "role", "country", "start", "end", "is_spokesperson"
        )
    ]
    topics = [
        TopicRef(
            slug=row["slug"],
            name=row["name"],
            phrases=tuple(line.strip() for line in row["phrases"].splitlines() if line.strip()),
            parent=row["parent__slug"],
        )
        for row in Topic.objects.order_by("pk").values("slug", "name", "phrases", "parent__slug")
    ]
    domains: dict[int, list[str]] = {}
    for outlet_id, domain in OutletDomain.objects.order_by("domain").values_list(
        "outlet_id", "domain"
    ):
        domains.setdefault(outlet_id, []).append(domain)
    outlets = [
        OutletRef(
            slug=row["slug"],
            name=row["name"],
            domains=tuple(domains.get(row["pk"], ())),
            country=row["country"],
            kind=row["kind"],
        )
        for row in Outlet.objects.order_by("pk").values("pk", "slug", "name", "country", "kind")
    ]
    return Reference(
        people=people, aliases=aliases, positions=positions, topics=topics, outlets=outlets
    )
