"""Pages of a long list of calls without counting all of it: the count stops at a bound."""

import math
from functools import cached_property

from django.core.paginator import EmptyPage, Page, Paginator
from django.utils.formats import number_format

# Counting past this costs a scan of the whole result; beyond it a list says "10,000+ calls".
COUNT_BOUND = 10_000


class BoundedPage(Page):
    """A page that knows whether another follows from one extra row, not from the count."""

    def __init__(self, object_list, number, paginator, has_more):
        super().__init__(object_list, number, paginator)
        self._has_more = has_more

    def has_next(self):
        return self._has_more

    # Past the bound the page count is a floor, so neighbours are not checked against it.
    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1


class BoundedPaginator(Paginator):
    """A Paginator whose count stops at COUNT_BOUND + 1; pages past the bound still open."""

    bound = COUNT_BOUND

    @cached_property
    def count(self):
        return self.object_list.order_by()[: self.bound + 1].count()

    @property
    def bounded(self):
        """True when the list runs past the bound and `count` is only a floor."""
        return self.count > self.bound

    @property
    def count_label(self):
        """The count as a person reads it: "25", or "10,000+" past the bound."""
        if self.bounded:
            return f"{number_format(self.bound, force_grouping=True)}+"
        return number_format(self.count, force_grouping=True)

    @cached_property
    def num_pages(self):
        if not self.bounded:
            return super().num_pages
        # Only known exactly when someone asks for a page past the end (see page()).
        return math.ceil(self.bound / self.per_page)

    def page(self, number):
        number = self.validate_number(number) if not self.bounded else int(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage("That page contains no results")
        return BoundedPage(rows[: self.per_page], number, self, len(rows) > self.per_page)

    def exact_num_pages(self):
        """The true number of pages, counted in full (for the notice past the last page)."""
        return max(1, math.ceil(self.object_list.order_by().count() / self.per_page))


class ExactPaginator(Paginator):
    """A Paginator for short lists (officials), with the bounded one's interface."""

    bounded = False

    @property
    def count_label(self):
        return number_format(self.count, force_grouping=True)

    def exact_num_pages(self):
        return self.num_pages
