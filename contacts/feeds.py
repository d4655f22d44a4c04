"""The Atom twin of a filtered timeline: the same parameters, the first calls in the same order."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from contacts import selectors
from contacts.exports import reported_dates_in_words
from contacts.filters import describe
from contacts.templatetags.contacts_tags import (
    call_summary,
    date_words,
    role_then,
    sources_disagree,
)

FEED_SIZE = 50


class StableAtom1Feed(Atom1Feed):
    """An Atom feed whose <updated>, when no call matches, is the last change to any call.

    Django falls back to the clock, so the same URL would give a new document every second
    and feed readers would see a change that never happened.
    """

    def latest_post_date(self):
        if self.items:
            return super().latest_post_date()
        return self.feed["last_change"]


class CallFeed(Feed):
    """Built per request around a validated filter, so no request state lives on a shared object."""

    feed_type = StableAtom1Feed

    def __init__(self, filterset, params):
        self.filterset = filterset
        self.params = params

    def get_object(self, request, *args, **kwargs):
        return self.filterset

    def _query(self):
        query = self.params.urlencode()
        return f"?{query}" if query else ""

    def feed_extra_kwargs(self, filterset):
        return {"last_change": selectors.last_change()}

    def title(self, filterset):
        return f"{describe(filterset)} – US–Israel contacts"

    def subtitle(self, filterset):
        return "Diplomatic calls and meetings matching a saved filter, with their sources."

    def link(self, filterset):
        return reverse("contacts:timeline") + self._query()

    def feed_url(self, filterset):
        return reverse("contacts:calls_atom") + self._query()

    def items(self, filterset):
        return selectors.export_calls(filterset=filterset)[:FEED_SIZE]

    def item_title(self, call):
        return f"{date_words(call.date, call.date_precision, call.weekday)} – {call_summary(call)}"

    def item_description(self, call):
        people = "; ".join(
            f"{p.official.name}, {role_then(p)}" if role_then(p) else p.official.name
            for p in call.participants.all()
        )
        topics = ", ".join(t.name for t in call.topics.all()) or "none"
        outlets = sorted({r.article.outlet.name for r in call.reports.all() if r.article.outlet})
        text = (
            f"{call.get_mode_display()} ({call.get_status_display().lower()}). "
            f"Participants: {people or 'unknown'}. Topics: {topics}. "
            f"Sources: {', '.join(outlets) or len(call.reports.all())}."
        )
        if sources_disagree(call):
            text += f" The sources disagree on the date: {reported_dates_in_words(call)}."
        # Atom summaries are HTML to a reader: a name scraped from a page must stay text.
        return escape(text)

    def item_link(self, call):
        return call.get_absolute_url()

    def item_pubdate(self, call):
        return call.created_at

    def item_updateddate(self, call):
        return call.updated_at

    def item_categories(self, call):
        return [t.name for t in call.topics.all()]
