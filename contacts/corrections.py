"""Editors' corrections of a call, read from its history: who changed what and when, in words.

Only what readers of the call's page see is listed (date, mode, status, place, summary, topics,
participants, the review flag); the ingest's own saves are the baseline, never corrections.
One admin save writes several history rows (the call, its topics, its participants): rows of
one editor a few seconds apart are read as one correction.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.apps import apps

from contacts.choices import Mode, Status
from contacts.models import CallParticipant
from contacts.templatetags.contacts_tags import date_words

CORRECTIONS_LIMIT = 20
SAME_SAVE = dt.timedelta(seconds=5)


@dataclass
class Correction:
    when: dt.datetime
    who: str
    changes: list[str] = field(default_factory=list)


def editor_name(user):
    """How the public pages name an editor: the full name, else the user name."""
    return user.get_full_name() or user.get_username()


def call_corrections(*, call, limit=CORRECTIONS_LIMIT):
    """The editors' corrections of `call`, newest first, in three queries."""
    rows = list(call.history.select_related("history_user").order_by("history_id"))
    topics = _topic_names(rows)
    events = _call_events(rows, topics)
    events += _participant_events(call)
    events.sort(key=lambda e: e.when)
    merged: list[Correction] = []
    for event in events:
        last = merged[-1] if merged else None
        if last and last.who == event.who and event.when - last.when <= SAME_SAVE:
            last.changes += [c for c in event.changes if c not in last.changes]
        else:
            merged.append(event)
    return [c for c in reversed(merged) if c.changes][:limit]


def _topic_names(rows):
    """{history id: sorted topic names} for the call's history rows, in one query."""
    through = apps.get_model("contacts", "HistoricalCall_topics")
    names = {row.history_id: [] for row in rows}
    pairs = through.objects.filter(history__in=list(names)).values_list("history", "topic__name")
    for history_id, name in pairs:
        if name:
            names[history_id].append(name)
    return {pk: sorted(found) for pk, found in names.items()}


def _call_events(rows, topics):
    """One event per group of an editor's rows: the state before the group against after it."""
    events, before, index = [], None, 0
    while index < len(rows):
        row = rows[index]
        user = row.history_user
        end = index
        while (
            user is not None
            and end + 1 < len(rows)
            and rows[end + 1].history_user_id == row.history_user_id
            and rows[end + 1].history_date - rows[end].history_date <= SAME_SAVE
        ):
            end += 1
        after = rows[end]
        if user is not None:
            if row.history_type == "+":
                changes = ["created this record"]
            elif after.history_type == "-":
                changes = ["deleted this record"]
            else:
                changes = _differences(before, after, topics) if before else []
            events.append(Correction(after.history_date, editor_name(user), changes))
        before, index = after, end + 1
    return events


def _when(row):
    return date_words(row.date, row.date_precision, row.weekday)


def _differences(old, new, topics):
    changes = []
    if (old.date, old.date_precision) != (new.date, new.date_precision):
        changes.append(f"date: {_when(old)} → {_when(new)}")
    labels = (("mode", "mode", Mode), ("status", "status", Status))
    for name, label, choices in labels:
        if getattr(old, name) != getattr(new, name):
            before, after = (choices(getattr(r, name)).label for r in (old, new))
            changes.append(f"{label}: {before} → {after}")
    for name in ("location", "summary"):
        if getattr(old, name) != getattr(new, name):
            changes.append(f"{name}: “{getattr(old, name) or '—'}” → “{getattr(new, name) or '—'}”")
    old_topics, new_topics = topics.get(old.history_id, []), topics.get(new.history_id, [])
    if old_topics != new_topics:
        changes.append(
            f"topics: {', '.join(old_topics) or 'none'} → {', '.join(new_topics) or 'none'}"
        )
    if old.needs_review != new.needs_review:
        changes.append("marked as checked" if not new.needs_review else "flagged for review")
    return changes


def _participant_events(call):
    """Participants an editor added, removed or gave another role, one event per row."""
    rows = (
        CallParticipant.history.filter(call_id=call.pk)
        .select_related("history_user", "official")
        .order_by("history_id")
    )
    events, seen = [], {}
    for row in rows:
        previous = seen.get(row.id)
        seen[row.id] = row
        if row.history_user is None:
            continue
        name = row.official.name if row.official else "someone"
        if row.history_type == "-":
            change = f"participant removed: {name}"
        elif previous is None or row.history_type == "+":
            change = f"participant added: {name}" + (f" ({row.role})" if row.role else "")
        elif previous.official_id != row.official_id:
            old = previous.official.name if previous.official else "someone"
            change = f"participant: {old} → {name}"
        elif previous.role != row.role:
            change = f"role of {name}: {previous.role or '—'} → {row.role or '—'}"
        else:
            continue
        events.append(Correction(row.history_date, editor_name(row.history_user), [change]))
    return events
