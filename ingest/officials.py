"""People the reference data does not know: new officials for review, and their guessed posts."""

from django.utils.text import slugify

from contacts.countries import Country
from contacts.models import Official, Position
from ingest.pipeline.records import ExtractedParticipant


def official_for(batch, participant: ExtractedParticipant, extracted):
    """The official for a participant; a person unknown to the reference data is created for review."""
    key = participant.slug or slugify(participant.name)
    official = batch.known.official(key) if key else None
    if official is not None:
        return official
    if participant.name:
        matches = list(Official.objects.by_alias(participant.name)[:2])
        official = matches[0] if len(matches) == 1 else None
    if official is None:
        name = (participant.name or "").strip()[:200]
        if not name:
            return None
        official = Official.objects.create(
            name=name,
            slug=_unique_official_slug(key or name),
            country=Country.parse(participant.country, Country.XX),
            needs_review=True,
            notes=f"Created by the ingest from {batch.document.filename}"
            + (f", where the text calls them '{participant.title}'." if participant.title else "."),
        )
        batch.participants_created += 1
        when = extracted.date or batch.article.published
        if participant.title and when:
            position = _guess_position(official, participant.title, when)
            if position is not None:
                batch.known.add_position(position)
        batch.warnings.append(
            f"Unknown person '{name}'"
            + (f" ({participant.title})" if participant.title else "")
            + " was added for review."
        )
    if key:
        batch.known.add_official(key, official)
    return official


def _unique_official_slug(text):
    base = slugify(text)[:190] or "person"
    slug, n = base, 2
    while Official.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


NATIONALITY_WORDS = {
    "the",
    "u.s.",
    "us",
    "american",
    "israeli",
    "israel's",
    "palestinian",
    "then",
    "then-",
    "former",
}


def _guess_position(official, title, when):
    """A Position from the title a text used ("Israeli CIA director" → "CIA Director"), from `when` on."""
    words = title.split()
    while words and words[0].lower() in NATIONALITY_WORDS:
        words = words[1:]
    if not words:
        return None
    clean = " ".join(w if w.isupper() else w[:1].upper() + w[1:] for w in words)[:200]
    known = Position.objects.filter(title__iexact=clean).values("role", "organisation").first()
    role = known["role"] if known else slugify(clean)[:80]
    if not role:
        return None
    position, _ = Position.objects.get_or_create(
        official=official,
        role=role,
        start=when,
        defaults={
            "title": clean,
            "organisation": known["organisation"] if known else "",
            "country": official.country,
        },
    )
    return position
