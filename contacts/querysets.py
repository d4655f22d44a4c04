"""Query vocabulary for the records: who held what when, calls by person, topic, date and text."""

import json

from django.apps import apps
from django.db import connection, models
from django.db.models import Q
from django.db.models.expressions import RawSQL

from contacts.choices import Status
from contacts.names import normalize_name


def _model(name):
    # Looked up lazily: models.py imports this module to build its managers.
    return apps.get_model("contacts", name)


def _participations(**lookup):
    return _model("CallParticipant").objects.filter(**lookup).values("call")


def _participations_via(column, table, where, value):
    """Participations whose `column` is the id of a row of the small `table` matching `where`
    (SQLite; PostgreSQL reads the calls' participant arrays instead)."""
    sql = f'"{column}" IN (SELECT "id" FROM "{table}" WHERE {where})'
    condition = RawSQL(sql, [value], output_field=models.BooleanField())
    return _participations().alias(via=condition).filter(via=True)


def _arrays_hold(column, operator, sql, params):
    """On PostgreSQL, a call's participant array `column` (migration 0008) against the array
    `sql`: `@>` holds all of it, `&&` shares one. Read through the arrays' GIN indexes."""
    return RawSQL(f'"{column}" {operator} {sql}', params, output_field=models.BooleanField())


def where_in(queryset, column, ids):
    """`queryset` where its own `column` is one of `ids`, sent as one array (PostgreSQL) or one
    JSON list (SQLite): thousands of ids as separate parameters cost Django ~0.1 ms each to
    prepare, and on PostgreSQL an IN subquery instead would hash the whole table."""
    ids = list(ids)
    if connection.vendor == "postgresql":
        sql, params = f'"{column}" = ANY(%s)', [ids]
    else:
        sql, params = f'"{column}" IN (SELECT value FROM json_each(%s))', [json.dumps(ids)]
    condition = RawSQL(sql, params, output_field=models.BooleanField())
    return queryset.alias(in_ids=condition).filter(in_ids=True)


def _matches(q):
    """The row's stored search document (migration 0007, PostgreSQL) matches the words `q`.

    Unqualified, so it names the column of the innermost table in whatever alias the subquery
    gives it: use it only on a queryset of one table with a search document (article, report).
    """
    return RawSQL(
        "search_document @@ websearch_to_tsquery('english'::regconfig, %s)",
        [q],
        output_field=models.BooleanField(),
    )


class OfficialQuerySet(models.QuerySet):
    def search(self, q):
        """Officials whose name or an alias contains `q`."""
        norm = normalize_name(q)
        if not norm:
            return self.none()
        return self.filter(
            Q(name__icontains=q.strip()) | Q(aliases__normalized__contains=norm)
        ).distinct()

    def by_alias(self, text):
        """Officials whose name or alias normalises to exactly `text`."""
        norm = normalize_name(text)
        return self.filter(Q(normalized_name=norm) | Q(aliases__normalized=norm)).distinct()

    def holding(self, role, on):
        """Officials who held a post of `role` (a role key such as "defense-minister") on date `on`."""
        return self.filter(
            positions__in=_model("Position").objects.held_on(on).filter(role=role)
        ).distinct()


class PositionQuerySet(models.QuerySet):
    def held_on(self, on):
        """Positions whose term covers the date `on` (an open end means still in office)."""
        return self.filter(Q(start__lte=on) & (Q(end__isnull=True) | Q(end__gte=on)))

    def overlapping(self, start, end):
        """Positions held at some point between `start` and `end`."""
        return self.filter(Q(start__lte=end) & (Q(end__isnull=True) | Q(end__gte=start)))


class CallQuerySet(models.QuerySet):
    def with_person(self, official):
        """Calls in which `official` took part."""
        return self.with_all_persons([official])

    def with_all_persons(self, officials):
        """Calls in which every one of `officials` took part."""
        if not officials:
            return self
        if connection.vendor == "postgresql":
            ids = [official.pk for official in officials]
            return self.filter(
                _arrays_hold("participant_official_ids", "@>", "%s::bigint[]", [ids])
            )
        qs = self
        for official in officials:
            qs = qs.filter(
                pk__in=_model("CallParticipant").objects.filter(official=official).values("call")
            )
        return qs

    def in_topics(self, topics):
        """Calls tagged with any of `topics` or their sub-topics."""
        ids = set()
        for topic in topics:
            ids |= topic.descendant_ids()
        return self.in_topic_ids(ids)

    def in_topic_ids(self, ids):
        """Calls tagged with any of the topics `ids` (sub-topics are not added)."""
        tagged = _model("Call").topics.through.objects.filter(topic_id__in=ids).values("call")
        return self.filter(pk__in=tagged)

    def with_country(self, country):
        """Calls with a participant from `country` (a Country code)."""
        if connection.vendor == "postgresql":
            ids = 'ARRAY(SELECT "id" FROM "contacts_official" WHERE "country" = %s)'
            return self.filter(_arrays_hold("participant_official_ids", "&&", ids, [country]))
        officials = _participations_via(
            "official_id", "contacts_official", '"country" = %s', country
        )
        return self.filter(pk__in=officials)

    def with_role(self, role):
        """Calls with a participant who held a post of `role` (a role key) on the call's date."""
        if connection.vendor == "postgresql":
            ids = 'ARRAY(SELECT "id" FROM "contacts_position" WHERE "role" = %s)'
            return self.filter(_arrays_hold("participant_position_ids", "&&", ids, [role]))
        posts = _participations_via("position_id", "contacts_position", '"role" = %s', role)
        return self.filter(pk__in=posts)

    def reported_by(self, outlet):
        """Calls that an article of `outlet` reports."""
        return self.filter(
            pk__in=_model("Report").objects.filter(article__outlet=outlet).values("call")
        )

    def visible(self):
        """All but the calls an editor rejected as not a contact."""
        return self.exclude(status=Status.REJECTED)

    def between(self, start=None, end=None):
        """Calls dated within [start, end]; undated calls are left out when either bound is given."""
        qs = self
        if start:
            qs = qs.filter(date__gte=start)
        if end:
            qs = qs.filter(date__lte=end)
        return qs

    def with_related(self):
        """Everything a list, a detail page or an export shows, in a fixed number of queries."""
        from django.db.models import Prefetch

        participants = _model("CallParticipant").objects.select_related("official", "position")
        # Only what names the file: a source document's raw bytes may run to megabytes.
        documents = apps.get_model("ingest", "SourceDocument").objects.only(
            "id", "article_id", "filename", "created_at"
        )
        reports = (
            _model("Report")
            .objects.select_related("article__outlet")
            .prefetch_related(Prefetch("article__source_documents", queryset=documents))
        )
        return self.prefetch_related(
            Prefetch("participants", queryset=participants),
            Prefetch("reports", queryset=reports),
            "topics",
        )

    def held(self):
        return self.filter(status="held")

    def search(self, q):
        """Full text over the calls' evidence, summary and their articles' titles and bodies."""
        q = (q or "").strip()
        if not q:
            return self
        if connection.vendor == "postgresql":
            reports = _model("Report").objects.order_by()
            articles = _model("Article").objects.alias(found=_matches(q)).filter(found=True)
            # One set of ids from three indexes (two GIN search documents, summary trigrams):
            # an OR of the three would test every call in turn.
            found = (
                reports.alias(found=_matches(q))
                .filter(found=True)
                .values("call")
                .union(
                    reports.filter(article__in=articles.values("pk")).values("call"),
                    _model("Call").objects.filter(summary__icontains=q).order_by().values("pk"),
                )
            )
            return self.filter(pk__in=found)
        cond = Q()
        for word in q.split():
            cond &= (
                Q(summary__icontains=word)
                | Q(reports__evidence_text__icontains=word)
                | Q(reports__article__title__icontains=word)
                | Q(reports__article__body__icontains=word)
            )
        return self.filter(pk__in=_model("Call").objects.filter(cond).values("pk"))
