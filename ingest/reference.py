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


class KnownRows:
    """Officials, positions, topics and outlets as model instances, read once per batch.

    The writes look these up for every document; rows a document creates are added here, and
    `forget()` drops everything after a document's transaction was rolled back.
    """

    def __init__(self):
        self._loaded = False

    def forget(self):
        self._loaded = False

    def _load(self):
        if self._loaded:
            return
        self._officials = {o.slug: o for o in Official.objects.all()}
        self._officials_by_id = {o.pk: o for o in self._officials.values()}
        self._positions: dict[int, list[Position]] = {}
        for position in Position.objects.order_by("start", "pk"):
            self._positions.setdefault(position.official_id, []).append(position)
        self._topics = dict(Topic.objects.values_list("slug", "pk"))
        outlets = {o.pk: o for o in Outlet.objects.order_by("name", "pk")}
        self._outlet_names: dict[str, Outlet] = {}
        self._outlet_slugs: dict[str, Outlet] = {}
        for outlet in outlets.values():
            self._remember_outlet(outlet)
        self._outlet_domains = {
            domain: outlets[outlet_id]
            for domain, outlet_id in OutletDomain.objects.values_list("domain", "outlet_id")
            if outlet_id in outlets
        }
        self._loaded = True

    # officials and their posts

    def official(self, slug) -> Official | None:
        self._load()
        return self._officials.get(slug)

    def official_by_id(self, pk) -> Official | None:
        self._load()
        return self._officials_by_id.get(pk)

    def read_officials(self, ids):
        """Make sure the officials with these ids are known (added since the batch began)."""
        self._load()
        missing = set(ids) - set(self._officials_by_id)
        if missing:
            for official in Official.objects.filter(pk__in=missing):
                self._officials_by_id[official.pk] = official
                self._officials.setdefault(official.slug, official)

    def add_official(self, key, official):
        self._load()
        self._officials[key] = official
        self._officials_by_id[official.pk] = official

    def add_position(self, position):
        self._load()
        self._positions.setdefault(position.official_id, []).append(position)

    def terms_of_office(self, official_ids):
        """Each official's spans in office, for those with any: [[(start, end), ...], ...]."""
        self._load()
        spans = []
        for official_id in sorted(set(official_ids)):
            held = [
                (p.start, p.end)
                for p in self._positions.get(official_id, ())
                if not p.is_spokesperson
            ]
            if held:
                spans.append(held)
        return spans

    def position_on(self, official_id, on) -> Position | None:
        """The post (not a spokesperson's) held on `on`: a primary one first, then the latest."""
        self._load()
        held = [
            p
            for p in self._positions.get(official_id, ())
            if not p.is_spokesperson and p.start <= on and (p.end is None or p.end >= on)
        ]
        return min(held, key=lambda p: (not p.is_primary, -p.start.toordinal(), p.pk), default=None)

    # topics

    def topic_ids(self, slugs) -> set[int]:
        self._load()
        return {self._topics[s] for s in slugs if s in self._topics}

    # outlets

    def outlet_by_domain(self, domain) -> Outlet | None:
        self._load()
        return self._outlet_domains.get(domain)

    def outlet_by_name(self, name, slug) -> Outlet | None:
        """The outlet of that name (any case) or, failing that, of that slug."""
        self._load()
        return self._outlet_names.get(name.casefold()) or (
            self._outlet_slugs.get(slug) if slug else None
        )

    def add_outlet(self, outlet, domain=""):
        self._load()
        self._remember_outlet(outlet)
        if domain:
            self._outlet_domains.setdefault(domain, outlet)

    def _remember_outlet(self, outlet):
        self._outlet_names.setdefault(outlet.name.casefold(), outlet)
        self._outlet_slugs.setdefault(outlet.slug, outlet)
