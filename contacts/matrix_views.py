"""Who talks to whom: the matrix page and its CSV twin, for the timeline's filter."""

import csv
import io

from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.http import content_disposition_header

from contacts import matrix, selectors
from contacts.views import canonical_redirect, filter_context, render_page

BY = dict(matrix.BY_CHOICES)


def _by(request):
    """The chosen switch ("people" by default) and an error message when it is unknown."""
    by = request.GET.get("by", "people")
    if by not in BY:
        return by, f"“{by}” is not a matrix: use by=people or by=countries."
    return by, ""


def matrix_page(request):
    response = canonical_redirect(request)
    if response:
        return response
    filterset = selectors.call_filter(params=request.GET)
    by, by_error = _by(request)
    valid = filterset.is_valid() and not by_error
    params = selectors.clean_params(request.GET)
    params.pop("page", None)
    list_params = params.copy()
    list_params.pop("by", None)
    switch = []
    for key, label in matrix.BY_CHOICES:
        query = params.copy()
        query.setlist("by", [] if key == "people" else [key])
        switch.append((label, query, key == by))
    context = {
        **filter_context(request, filterset, fixed={}),
        "by": by,
        "by_error": by_error,
        "switch": switch,
        "list_params": list_params,
        "matrix": matrix.build(
            calls=selectors.filtered_calls(filterset=filterset), by=by, params=list_params
        )
        if valid
        else None,
    }
    return render_page(request, "contacts/matrix.html", context, status=200 if valid else 400)


def matrix_csv(request):
    filterset = selectors.call_filter(params=request.GET)
    by, by_error = _by(request)
    if by_error or not filterset.is_valid():
        errors = [f"{field}: {' '.join(m)}" for field, m in filterset.form.errors.items()]
        errors += [f"by: {by_error}"] if by_error else []
        body = "These parameters are not valid:\n" + "\n".join(errors) + "\n"
        return HttpResponseBadRequest(body, content_type="text/plain; charset=utf-8")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(matrix.csv_rows(calls=selectors.filtered_calls(filterset=filterset), by=by))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"matrix-{by}.csv")
    return response
