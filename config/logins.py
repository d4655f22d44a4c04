"""Login throttling's two hooks into django-axes: the client's address and the lockout page."""

from django.conf import settings
from django.shortcuts import render


def client_ip(request):
    """REMOTE_ADDR, or with PROXY_COUNT proxies in front, the address the outermost one saw.

    Each proxy appends the address it received from to X-Forwarded-For, so the trustworthy
    entry is PROXY_COUNT from the right; anything left of it the client may have typed.
    Behind a proxy REMOTE_ADDR is the proxy itself, and throttling it would lock out everyone.
    """
    count = settings.PROXY_COUNT
    if count:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """A 429 page that says why the login was refused and for how long."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "lockout.html", context, status=429)
