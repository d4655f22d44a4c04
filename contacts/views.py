"""Browsing views (placeholders until the browsing issue lands)."""

from django.http import HttpResponse


def _todo(request, **kwargs):
    return HttpResponse("Not built yet.", status=501)


timeline = call_detail = official_list = official_detail = _todo
topic_detail = outlet_detail = article_detail = _todo
