"""Browsing views: validate GET with the FilterSet, call a selector, paginate, render."""

import datetime as dt
import itertools
from pathlib import PurePath
from urllib.parse import quote_plus

from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import EmptyPage
from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header

from contacts import selectors
from contacts.countries import Country
from contacts.exports import csv_lines, ics_lines
from contacts.facets import call_facets, facet_sample
from contacts.feeds import CallFeed
from contacts.filters import DEFAULT_SORT, SORT_CHOICES, chips, describe
from contacts.matrix import counterparts_by_year
from contacts.official_filters import OfficialFilterForm
from contacts.pagination import BoundedPaginator, ExactPaginator
from contacts.review import note_lines
from contacts.serializers import json_chunks

PAGE_SIZE = 25
OFFICIALS_PAGE_SIZE = 100


def render_page(request, template, context, status=200):
    # The CSP and other security headers come from config.middleware, for every response.
    return render(request, template, context, status=status)


def paginate(items, raw_page, per_page=PAGE_SIZE, paginator_class=BoundedPaginator):
    """(paginator, page or None, notice): a bad or out-of-range page gives a notice, not an error."""
    paginator = paginator_class(items, per_page)
    try:
        number = int(raw_page) if raw_page else 1
    except ValueError:
        return paginator, None, f"“{raw_page}” is not a page number."
    if number < 1:
        return paginator, None, "Pages are numbered from 1."
    try:
        page = (
            paginator.page(number) if number <= paginator.num_pages or paginator.bounded else None
        )
    except EmptyPage:
        page = None
    if page is None:
        pages = paginator.num_pages = paginator.exact_num_pages()
        return (
            paginator,
            None,
            f"Page {number} is past the end: there {'is' if pages == 1 else 'are'} {pages} page{'s' if pages != 1 else ''}.",
        )
    return paginator, page, ""


def canonical_redirect(request):
    """A submitted form leaves empty fields and the default sort in the URL; redirect to the
    same view without them, so one filter has one bookmark."""
    noise = any(not value.strip() for _, values in request.GET.lists() for value in values)
    if noise or request.GET.get("sort") == DEFAULT_SORT:
        clean = selectors.clean_params(request.GET)
        if clean.get("sort") == DEFAULT_SORT:
            del clean["sort"]
        return redirect(request.path + (f"?{clean.urlencode()}" if clean else ""))
    return None


def _page_params(request):
    """The page's own query string without its page number: what links that narrow keep."""
    params = selectors.clean_params(request.GET)
    params.pop("page", None)
    return params


_FROM, _TO = "\x00from\x00", "\x00to\x00"
_FROM_ENCODED, _TO_ENCODED = quote_plus(_FROM), quote_plus(_TO)


def period_link(path, params):
    """A chart's `link`: the URL at `path` with the period's two dates set, no page. The query
    string is encoded once with stand-ins for the dates, which each bar fills in."""
    query = params.copy()
    query["date_from"], query["date_to"] = _FROM, _TO
    for key in ("page", "expand"):
        query.pop(key, None)
    pattern = f"{path}?{query.urlencode()}"

    def link(date_from, date_to):
        return pattern.replace(_FROM_ENCODED, quote_plus(date_from)).replace(
            _TO_ENCODED, quote_plus(date_to)
        )

    return link


def filter_context(request, filterset, *, fixed):
    """What the filter form, its chips and its heading need, shared by the list and the matrix."""
    return {
        "filterset": filterset,
        "form": filterset.form,
        "heading": describe(filterset),
        "chips": chips(filterset, request.GET, hide=fixed),
        "fixed": fixed,
        "chosen_people": request.GET.getlist("person"),
        "chosen_countries": request.GET.getlist("country"),
        "person_options": filterset.menus.officials,
        "country_options": Country.choices,
    }


def _sort_links(params, chosen):
    """(label, query, active) for each order, so the list can be re-sorted with one link."""
    links = []
    for key, label in SORT_CHOICES:
        query = params.copy()
        query.pop("page", None)
        if key == DEFAULT_SORT:
            query.pop("sort", None)
        else:
            query["sort"] = key
        links.append((label, query, key == chosen))
    return links


def _call_list(request, template, *, fixed=None, known=(), extra=None):
    response = canonical_redirect(request)
    if response:
        return response
    fixed = fixed or {}
    filterset = selectors.call_filter(params=request.GET, fixed=fixed, known=known)
    calls = selectors.filtered_calls(filterset=filterset)
    paginator, page, notice = paginate(
        selectors.call_rows(filterset=filterset), request.GET.get("page")
    )
    params = _page_params(request)
    export_params = selectors.clean_params(request.GET, fixed=fixed)
    for key in ("page", "expand"):
        export_params.pop(key, None)
    valid = filterset.is_valid()
    context = {
        **filter_context(request, filterset, fixed=fixed),
        "facets": call_facets(
            calls=calls,
            filterset=filterset,
            params=params,
            hide=fixed,
            expand=filterset.form.cleaned_data.get("expand") if valid else None,
        ),
        "facet_sample": facet_sample(paginator.count) if valid else None,
        "chart": selectors.call_chart(calls=calls, link=period_link(request.path, params))
        if valid
        else None,
        "sort_links": _sort_links(params, filterset.chosen_sort),
        "paginator": paginator,
        "page_obj": page,
        "calls": page.object_list if page else [],
        "notice": notice,
        "export_params": export_params,
        **(extra(filterset) if callable(extra) else extra or {}),
    }
    return render_page(request, template, context, status=200 if valid else 400)


def timeline(request):
    return _call_list(request, "contacts/timeline.html")


def topic_detail(request, slug):
    topic = selectors.topic_detail(slug=slug)
    return _call_list(
        request,
        "contacts/topic_detail.html",
        fixed={"topic": topic.slug},
        known={"topic": topic},
        extra=lambda filterset: {"topic": topic, "sub_topics": filterset.menus.children(topic.pk)},
    )


def outlet_detail(request, slug):
    outlet = selectors.outlet_detail(slug=slug)
    return _call_list(
        request,
        "contacts/outlet_detail.html",
        fixed={"outlet": outlet.slug},
        known={"outlet": outlet},
        extra={"outlet": outlet},
    )


def call_detail(request, pk):
    call = selectors.call_detail(pk=pk)
    context = {
        "call": call,
        "review_lines": note_lines(call.review_note) if call.needs_review else [],
        "corrections": selectors.call_corrections(call=call),
    }
    return render_page(request, "contacts/call_detail.html", context)


def official_list(request):
    response = canonical_redirect(request)
    if response:
        return response
    form = OfficialFilterForm(request.GET)
    valid = form.is_valid()
    officials, sampled = selectors.officials_index(**form.filters()) if valid else ([], False)
    paginator, page, notice = paginate(
        officials, request.GET.get("page"), OFFICIALS_PAGE_SIZE, ExactPaginator
    )
    if page:
        selectors.with_positions(page.object_list)
    context = {
        "form": form,
        "paginator": paginator,
        "page_obj": page,
        "notice": notice,
        "today": dt.date.today(),
        "sample": selectors.OFFICIAL_SAMPLE if sampled else None,
    }
    return render_page(
        request, "contacts/official_list.html", context, status=200 if valid else 400
    )


def official_detail(request, slug):
    official = selectors.official_detail(slug=slug)
    filterset = selectors.call_filter(params=QueryDict(), fixed={"person": official.slug})
    paginator, page, notice = paginate(
        selectors.call_rows(filterset=filterset), request.GET.get("page")
    )
    # The chart and the counterparts count the official's newest calls (all of them, up to
    # OFFICIAL_SAMPLE): a busy official's whole record is hundreds of thousands at scale.
    ids, sampled = selectors.newest_call_ids(selectors.official_calls(official=official))
    calls = selectors.calls_by_ids(ids)
    own = selectors.clean_params(QueryDict(), fixed={"person": official.slug})
    years, counterparts = counterparts_by_year(calls=calls, official=official)
    context = {
        "official": official,
        "paginator": paginator,
        "page_obj": page,
        "calls": page.object_list if page else [],
        "notice": notice,
        "counterpart_years": years,
        "counterparts": counterparts,
        # A bar opens the timeline of this official's calls in its period.
        "chart": selectors.call_chart(
            calls=calls, link=period_link(reverse("contacts:timeline"), own)
        ),
        "export_params": own,
        "sample": selectors.OFFICIAL_SAMPLE if sampled else None,
    }
    return render_page(request, "contacts/official_detail.html", context)


def article_detail(request, pk):
    article = selectors.article_detail(pk=pk)
    return render_page(request, "contacts/article_detail.html", {"article": article})


@staff_member_required
def article_raw(request, pk, document):
    """The raw input as received, as a plain-text download: never rendered as a page."""
    doc = selectors.source_document(article_pk=pk, pk=document)
    name = PurePath(doc.filename or f"document-{doc.pk}").name
    if not name.endswith(".txt"):
        name += ".txt"
    response = HttpResponse(bytes(doc.raw), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _export_filter(request):
    """The validated filter of an export, or a 400 response listing what is wrong."""
    filterset = selectors.call_filter(params=request.GET)
    if filterset.is_valid():
        return filterset, None
    lines = [f"{field}: {' '.join(messages)}" for field, messages in filterset.form.errors.items()]
    body = "These parameters are not valid:\n" + "\n".join(lines) + "\n"
    return filterset, HttpResponseBadRequest(body, content_type="text/plain; charset=utf-8")


def _query_run(calls):
    """The export's calls with its query already run, so a failing query is an error page
    rather than a 200 cut off after the header has been streamed."""
    calls = iter(calls)
    first = next(calls, None)
    return calls if first is None else itertools.chain([first], calls)


def calls_csv(request):
    filterset, error = _export_filter(request)
    if error:
        return error
    calls = _query_run(selectors.export_stream(filterset=filterset))
    response = StreamingHttpResponse(
        csv_lines(calls, request.build_absolute_uri), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(True, "calls.csv")
    return response


def calls_json(request):
    filterset, error = _export_filter(request)
    if error:
        return error
    calls = _query_run(selectors.export_stream(filterset=filterset))
    return StreamingHttpResponse(json_chunks(calls), content_type="application/json; charset=utf-8")


def calls_atom(request):
    filterset, error = _export_filter(request)
    if error:
        return error
    params = selectors.clean_params(request.GET)
    params.pop("page", None)
    return CallFeed(filterset, params)(request)


def calls_ics(request):
    filterset, error = _export_filter(request)
    if error:
        return error
    calls = _query_run(selectors.export_stream(filterset=filterset))
    lines = ics_lines(
        calls,
        request.build_absolute_uri,
        name=f"{describe(filterset)} – US–Israel contacts",
        host=request.get_host().split(":")[0],
    )
    response = StreamingHttpResponse(lines, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(False, "calls.ics")
    return response
