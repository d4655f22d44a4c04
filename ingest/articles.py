"""One document's article and outlet, and the writing of its reports and calls."""

import hashlib
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.text import slugify

from contacts.choices import DatePrecision, OutletKind
from contacts.countries import Country
from contacts.models import Article, Outlet, OutletDomain
from ingest.call_state import Batch, date_precision
from ingest.calls import write_call
from ingest.dating import INFERRED_BASIS, dedupe, refresh_call
from ingest.history import save_changed
from ingest.pipeline.records import ExtractedArticle
from ingest.reference import KnownRows
from ingest.sql import known_article_query


def write_article(document, extracted: ExtractedArticle, run, *, inferred=None):
    """Write one document's article, reports and calls: (result, warnings, articles touched).

    `run` is what the documents of the batch share (`ingest.services._Run`).
    """
    text = extracted.text
    warnings = [*text.warnings, *extracted.warnings]
    article, own, created = _article_for(document, text, warnings, inferred, run)
    document.article = article
    batch = Batch(document, article, run)
    batch.warnings = warnings
    # Reports this article already had: a re-run replaces them, a second copy adds to them.
    previous = {} if created else {r.call_id: r for r in article.reports.select_related("call")}
    touched_calls = set(previous) if own else set()
    for extracted_call in extracted.calls:
        call = write_call(batch, extracted_call, previous)
        if call is not None:
            touched_calls.add(call.pk)
    calls_removed = 0
    if own:
        stale = [r for call_id, r in previous.items() if call_id not in batch.reports]
        for report in stale:
            report_id = report.pk
            report.delete()
            batch.state(report.call).drop_report(report_id)
    articles_touched = {article.pk}
    for call_id in sorted(touched_calls):
        state = batch.calls.get(call_id) or batch.state(previous[call_id].call)
        names = refresh_call(batch, state, batch.reasons.get(call_id, []))
        if names is None:
            calls_removed += 1
            run.claims.pop(call_id, None)
            continue
        if names and call_id in batch.reports:
            batch.warnings.append(f"Date uncertain for the contact of {names}.")
        articles_touched.update(state.article_ids)
    for call_id, state in batch.calls.items():
        if state.claims_loaded and call_id in touched_calls:
            run.claims[call_id] = state.claims_by_report
    result = {
        "article": article.pk,
        "calls_created": batch.calls_created,
        "calls_joined": batch.calls_joined,
        "calls_kept": batch.calls_kept,
        "calls_removed": calls_removed,
        "participants_created": batch.participants_created,
        "reports": len(batch.reports),
    }
    return result, dedupe(batch.warnings), articles_touched


def _article_for(document, text, warnings, inferred, run):
    """The article this document is: its own from before, one with the same URL, or a new one.

    Returns (article, own, created): `own` when this document's extraction is the article's to
    replace, `created` when the article is new.
    """
    url = _clean_url(text.url or document.url, warnings)
    outlet = _outlet_for(
        text.outlet_name or document.outlet_name, text.outlet_domain, url, run.known
    )
    content_hash = hashlib.sha256((text.body or "").encode("utf-8")).hexdigest()
    published, basis = text.published, text.published_basis
    precision = date_precision(published, text.published_precision)
    if inferred is not None and published == inferred:
        precision, basis = DatePrecision.DAY, INFERRED_BASIS
    values = {
        # The id, so comparing it with a stored article does not read the outlet.
        "outlet_id": outlet.pk if outlet else None,
        "title": (text.title or document.title or "")[:500],
        "authors": list(text.authors or []),
        "url": url,
        "published": published,
        "published_precision": precision,
        "published_basis": (basis or "")[:200],
        "body": text.body or "",
        "content_hash": content_hash,
    }
    article = document.article
    if article is None:
        article = _known_article(url, content_hash, outlet, document)
    if article is None:
        article = Article(**values)
        run.history.save(article)
        return article, True, True
    if document.article_id == article.pk:
        own = True
    else:
        others = getattr(article, "other_documents", None)
        if others is None:
            others = article.source_documents.exclude(pk=document.pk).count()
        own = not others + run.links_gained(article.pk, document.pk)
    locked = set(article.edited_fields or [])
    if "published" in locked:
        locked |= {"published_precision", "published_basis"}
    if (
        url
        and url != article.url
        and Article.objects.filter(url=url).exclude(pk=article.pk).exists()
    ):
        locked.add("url")  # another article owns that URL
    if own:
        updates = {k: v for k, v in values.items() if k not in locked}
    else:
        # A second copy of an article only fills what the first left empty.
        updates = {
            k: v for k, v in values.items() if k not in locked and not getattr(article, k) and v
        }
        if "published" in updates:
            updates["published_precision"] = values["published_precision"]
            updates["published_basis"] = values["published_basis"]
    save_changed(article, updates, run.history)
    return article, own, False


def _known_article(url, content_hash, outlet, document):
    """The article with this URL, else the first one without a URL with the same text and outlet.

    It comes with `other_documents`: how many source documents other than `document` it has.
    """
    sql, params = known_article_query(
        document.pk, url, content_hash, outlet.pk if outlet is not None else None
    )
    found = list(Article.objects.raw(sql, params))
    by_url = [a for a in found if url and a.url == url]
    return (by_url or found or [None])[0]


_url_validator = URLValidator(schemes=["http", "https"])


def _clean_url(url, warnings):
    url = (url or "").strip()
    if not url:
        return ""
    try:
        if len(url) > 1000:
            raise ValidationError("too long")
        _url_validator(url)
    except ValidationError:
        warnings.append(f"Ignored a URL that is not a web address: {url[:120]!r}.")
        return ""
    return url


def _domain(url):
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


GOVERNMENT_WORDS = ("department", "ministry", "embassy", "white house", "office of", "government")
WIRE_NAMES = ("reuters", "associated press", "agence france", "afp", "ap news", "bloomberg")


def _guess_outlet_kind(name, domain):
    text = f"{name} {domain}".lower()
    if domain.endswith((".gov", ".gov.il", ".mil")) or any(w in text for w in GOVERNMENT_WORDS):
        return OutletKind.GOVERNMENT
    if any(w in text for w in WIRE_NAMES):
        return OutletKind.WIRE
    if any(w in text for w in ("blog", "substack", "medium.com", "wordpress")):
        return OutletKind.BLOG
    return OutletKind.NEWS


def _guess_country(domain):
    if domain.endswith(".il"):
        return Country.IL
    if domain.endswith((".gov", ".mil")):
        return Country.US
    return Country.XX


def _outlet_for(name, domain, url, known: KnownRows):
    """The known outlet for a domain or name, or a new one (kind and country guessed)."""
    name = (name or "").strip()[:200]
    domain = (domain or "").strip().lower().removeprefix("www.") or _domain(url)
    if domain:
        found = known.outlet_by_domain(domain)
        if found is None and domain.count(".") > 1:
            # news.example.com is example.com's outlet.
            found = known.outlet_by_domain(domain.split(".", 1)[1])
        if found:
            return found
    if name:
        outlet = known.outlet_by_name(name, slugify(name)[:200])
        if outlet:
            return outlet
    if not name and not domain:
        return None
    outlet = Outlet.objects.create(
        name=_unique_outlet_name(name or domain),
        kind=_guess_outlet_kind(name, domain),
        country=_guess_country(domain),
        homepage=f"https://{domain}/" if domain else "",
    )
    if domain and not OutletDomain.objects.filter(domain=domain).exists():
        OutletDomain.objects.create(outlet=outlet, domain=domain)
        known.add_outlet(outlet, domain)
    else:
        known.add_outlet(outlet)
    return outlet


def _unique_outlet_name(name):
    candidate, n = name, 2
    while (
        Outlet.objects.filter(name=candidate).exists()
        or Outlet.objects.filter(slug=slugify(candidate)[:200]).exists()
    ):
        candidate, n = f"{name} ({n})", n + 1
    return candidate
