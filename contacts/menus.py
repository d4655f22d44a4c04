"""The small reference tables a list page reads for its menus, titles and facets, in one query.

The people, roles, topics and outlets menus, the roles' titles in headings and chips, the
topic tree a topic filter and the topic facet need: four tables of a few hundred rows, read
together once per page rather than once per use.
"""

from dataclasses import dataclass, field

from django.db import connection

from contacts.models import _url

# One row per menu entry: (kind, value, label, number, parent, country). The number is the
# row's id, or for a role how many posts used that title (the commonest names the post).
_SQL = """
SELECT 'official', slug, name, id, CAST(NULL AS bigint), country FROM contacts_official
UNION ALL
SELECT 'role', role, title, COUNT(*), CAST(NULL AS bigint), CAST(NULL AS varchar)
 FROM contacts_position WHERE NOT is_spokesperson GROUP BY role, title
UNION ALL
SELECT 'topic', slug, name, id, parent_id, CAST(NULL AS varchar) FROM contacts_topic
UNION ALL
SELECT 'outlet', slug, name, id, CAST(NULL AS bigint), CAST(NULL AS varchar) FROM contacts_outlet
"""


@dataclass
class TopicNode:
    id: int
    parent_id: int
    slug: str
    name: str

    def get_absolute_url(self):
        return _url("contacts:topic", "slug", self.slug)


@dataclass
class Menus:
    """(value, label) lists in menu order, the topics as a tree, and what an id stands for:
    {official id: (slug, name, country)}, {outlet id: (slug, name)}."""

    officials: list = field(default_factory=list)
    roles: list = field(default_factory=list)
    topics: list = field(default_factory=list)  # TopicNode, by name
    outlets: list = field(default_factory=list)
    official_ids: dict = field(default_factory=dict)
    outlet_ids: dict = field(default_factory=dict)

    def children(self, topic_id):
        """The topics directly under a topic, by name."""
        return [topic for topic in self.topics if topic.parent_id == topic_id]

    def below(self, topic_id):
        """The id of a topic and those of every topic under it."""
        children = {}
        for topic in self.topics:
            children.setdefault(topic.parent_id, []).append(topic.id)
        found, frontier = {topic_id}, [topic_id]
        while frontier:
            frontier = [c for p in frontier for c in children.get(p, []) if c not in found]
            found.update(frontier)
        return found


def read_menus():
    """The four menus in one query."""
    with connection.cursor() as cursor:
        cursor.execute(_SQL)
        rows = cursor.fetchall()
    menus, role_rows = Menus(), []
    for kind, value, label, number, parent, country in rows:
        if kind == "official":
            menus.officials.append((value, label))
            menus.official_ids[number] = (value, label, country)
        elif kind == "role":
            role_rows.append((value, label, number))
        elif kind == "topic":
            menus.topics.append(TopicNode(number, parent, value, label))
        else:
            menus.outlets.append((value, label))
            menus.outlet_ids[number] = (value, label)
    menus.officials.sort(key=lambda row: (row[1], row[0]))
    menus.outlets.sort(key=lambda row: row[1])
    menus.topics.sort(key=lambda topic: (topic.name, topic.id))
    titles = {}
    for role, title, _ in sorted(role_rows, key=lambda row: (row[0], -row[2], row[1])):
        titles.setdefault(role, title)
    menus.roles = sorted(titles.items(), key=lambda item: item[1].lower())
    return menus
