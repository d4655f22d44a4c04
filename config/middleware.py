"""Site-wide middleware: security headers on every response, and bounds on every query string."""

import unicodedata
from urllib.parse import urlencode

from django.shortcuts import render

# Where config/urls.py mounts the admin.
ADMIN_PREFIX = "/admin/"

# Public pages carry scraped text: no script of any origin may run, whatever slipped through.
PUBLIC_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# The admin needs its own scripts (calendar widgets, related-object pop-ups), never inline ones.
ADMIN_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
# No page here needs a device or a powerful browser feature.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class SecurityHeadersMiddleware:
    """Adds the CSP and Permissions-Policy to every response that has not set a stricter one.

    It sits first in MIDDLEWARE so responses made by later middleware (whitenoise's static
    files, CommonMiddleware's redirects) and error pages get the headers too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = ADMIN_CSP if request.path.startswith(ADMIN_PREFIX) else PUBLIC_CSP
        # A view may send a stricter policy (a raw download is sandboxed); keep it.
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# Long enough for every filter a person can click together (a 200-character `q` in Hebrew
# is 1,200 bytes once percent-encoded); short enough that no redirect or feed link built
# from it grows past what proxies and browsers accept.
MAX_QUERY_STRING = 4096
# Per parameter value; list filters set tighter limits of their own (CallFilter's `q`).
MAX_PARAMETER_LENGTH = 500


def _unprintable(text):
    """True when text holds a control character or a Unicode noncharacter.

    Neither belongs in a search box, and XML (the Atom feed) cannot carry them.
    """
    return any(unicodedata.category(char) == "Cc" or char in "\ufffe\uffff" for char in text)


class BoundedQueryMiddleware:
    """Refuses query strings no form here produces: too long, too long a value, or unprintable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = self.problem(request)
        if problem:
            status, message = problem
            return render(request, "400.html", {"message": message}, status=status)
        return self.get_response(request)

    @staticmethod
    def problem(request):
        """(status, message) for a query string to refuse, or None."""
        # Measured as received and as this site writes it again: re-encoding can triple a
        # query ("(" becomes "%28"), and redirects and links are built from the latter.
        lengths = [len(request.META.get("QUERY_STRING", "")), len(request.GET.urlencode())]
        if request.path.startswith(ADMIN_PREFIX):
            # Without a login, an admin page redirects to the login page with its whole
            # address, encoded once more, in `next`.
            lengths.append(len(urlencode({"next": request.get_full_path()})))
        if max(lengths) > MAX_QUERY_STRING:
            return (
                414,
                f"The address is too long: at most {MAX_QUERY_STRING} characters of parameters.",
            )
        for key, values in request.GET.lists():
            if _unprintable(key):
                return 400, "A parameter name holds a control character."
            for value in values:
                if _unprintable(value):
                    return 400, f"The parameter “{key}” holds a control character."
                if len(value) > MAX_PARAMETER_LENGTH:
                    return 400, (
                        f"The parameter “{key}” is too long: at most "
                        f"{MAX_PARAMETER_LENGTH} characters."
                    )
        return None
