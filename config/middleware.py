"""Site-wide response headers: one place sets them for pages, admin, exports, static files and errors."""

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
        # Where config/urls.py mounts the admin.
        self.admin_prefix = "/admin/"

    def __call__(self, request):
        response = self.get_response(request)
        policy = ADMIN_CSP if request.path.startswith(self.admin_prefix) else PUBLIC_CSP
        # A view may send a stricter policy (a raw download is sandboxed); keep it.
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
