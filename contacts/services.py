"""Editors' writes on the records: merging several records of one call into one."""

from dataclasses import dataclass, field

from django.db import transaction

from contacts.choices import DatePrecision, Mode
from contacts.models import Call

# Finer precisions rank lower, so min() picks the most precise date.
_PRECISION_RANK = {
    DatePrecision.DAY: 0,
    DatePrecision.MONTH: 1,
    DatePrecision.YEAR: 2,
    DatePrecision.UNKNOWN: 3,
}
DATE_FIELDS = ("date", "date_precision", "date_basis", "date_note", "weekday")


class MergeError(ValueError):
    """The calls given cannot be merged (nothing to merge, or the kept call among the others)."""


@dataclass
class MergeSummary:
    kept: int
    merged: list[int] = field(default_factory=list)
    reports_moved: int = 0
    reports_dropped: int = 0
    participants_moved: int = 0
    participants_dropped: int = 0
    topics_added: int = 0
    date_changed: bool = False
    date_disputed: bool = False

    def __str__(self):
        merged = ", ".join(str(pk) for pk in self.merged)
        parts = [
            f"Merged call{'s' if len(self.merged) > 1 else ''} {merged} into call {self.kept}",
            f"moved {self.reports_moved} report(s)"
            + (f" ({self.reports_dropped} duplicate(s) folded in)" if self.reports_dropped else ""),
            f"{self.participants_moved} participant(s)"
            + (
                f" ({self.participants_dropped} already present)"
                if self.participants_dropped
                else ""
            ),
            f"{self.topics_added} topic(s)",
        ]
        text = ", ".join(parts) + "."
        if self.date_changed:
            text += " The date was taken from a merged call."
        if self.date_disputed:
            text += " The reports give different dates: marked disputed."
        return text


def dates_disagree(dated):
    """Whether any two (date, precision) pairs disagree at the coarser of their precisions."""
    known = [(d, p) for d, p in dated if d is not None and p != DatePrecision.UNKNOWN]
    for i, (a, pa) in enumerate(known):
        for b, pb in known[i + 1 :]:
            coarser = max(_PRECISION_RANK.get(pa, 3), _PRECISION_RANK.get(pb, 3))
            if a.year != b.year:
                return True
            if coarser <= _PRECISION_RANK[DatePrecision.MONTH] and a.month != b.month:
                return True
            if coarser == _PRECISION_RANK[DatePrecision.DAY] and a.day != b.day:
                return True
    return False


def _stamp(instance, user, reason):
    # simple_history reads these to record who made the change and why.
    if user is not None:
        instance._history_user = user
    instance._change_reason = reason[:100]
    return instance


def _best_date(calls):
    """The call with the most precise date, the earliest among equals; None if none is dated."""
    dated = [c for c in calls if c.date is not None and c.date_precision != DatePrecision.UNKNOWN]
    if not dated:
        return None
    return min(dated, key=lambda c: (_PRECISION_RANK.get(c.date_precision, 3), c.date, c.pk))


def merge_calls(*, keep, others, user=None):
    """Fold `others` into `keep`: move reports and participants, union topics, settle the date.

    Runs in one transaction; the merged-away calls are deleted (their history stays).
    """
    others = list(others)
    if not others:
        raise MergeError("Pick at least two calls to merge.")
    if any(o.pk == keep.pk for o in others):
        raise MergeError("The call to keep cannot also be merged away.")
    reason = f"Merged into call {keep.pk}"
    summary = MergeSummary(kept=keep.pk, merged=sorted(o.pk for o in others))

    with transaction.atomic():
        ids = [keep.pk, *summary.merged]
        calls = {c.pk: c for c in Call.objects.select_for_update().filter(pk__in=ids)}
        if len(calls) != len(ids):
            raise MergeError("One of the calls no longer exists; reload the list and try again.")
        keep = calls[keep.pk]
        others = [calls[pk] for pk in summary.merged]
        locks = set(keep.edited_fields or [])
        original_date = {name: getattr(keep, name) for name in DATE_FIELDS}

        for other in others:
            _move_reports(keep, other, user, reason, summary)
            _move_participants(keep, other, user, reason, summary)
            before = set(keep.topics.values_list("pk", flat=True))
            added = set(other.topics.values_list("pk", flat=True)) - before
            if added:
                _stamp(keep, user, reason)
                keep.topics.add(*added)
                summary.topics_added += len(added)
            locks |= set(other.edited_fields or [])
            # A merged call may know what the kept one does not.
            if keep.mode == Mode.UNKNOWN and other.mode != Mode.UNKNOWN:
                keep.mode = other.mode
            for name in ("location", "summary"):
                if not getattr(keep, name) and getattr(other, name):
                    setattr(keep, name, getattr(other, name))
            keep.needs_review = keep.needs_review or other.needs_review

        if "date" not in locks:
            best = _best_date([keep, *others])
            if best is not None and best.pk != keep.pk:
                for name in DATE_FIELDS:
                    setattr(keep, name, getattr(best, name))
        changed_dates = [n for n in DATE_FIELDS if getattr(keep, n) != original_date[n]]
        if changed_dates:
            summary.date_changed = True
            locks |= set(changed_dates)
        if summary.participants_moved:
            locks.add("participants")

        dated = [(c.date, c.date_precision) for c in [keep, *others]]
        dated += list(keep.reports.values_list("reported_date", "reported_precision"))
        if dates_disagree(dated):
            keep.date_disputed = True
        summary.date_disputed = keep.date_disputed
        keep.edited_fields = sorted(locks)
        _stamp(keep, user, reason).save()

        for other in others:
            _stamp(other, user, reason).delete()
    return summary


def _move_reports(keep, other, user, reason, summary):
    kept_reports = {r.article_id: r for r in keep.reports.all()}
    for report in list(other.reports.all()):
        twin = kept_reports.get(report.article_id)
        if twin is None:
            report.call = keep
            _stamp(report, user, reason).save()
            kept_reports[report.article_id] = report
            summary.reports_moved += 1
            continue
        # The same article reports both: keep one report with the evidence of both.
        seen = {(e.get("start"), e.get("text")) for e in twin.evidence or []}
        extra = [e for e in report.evidence or [] if (e.get("start"), e.get("text")) not in seen]
        if extra:
            twin.evidence = [*(twin.evidence or []), *extra]
            _stamp(twin, user, reason).save()
        _stamp(report, user, reason).delete()
        summary.reports_dropped += 1


def _move_participants(keep, other, user, reason, summary):
    kept = {p.official_id: p for p in keep.participants.all()}
    for participant in list(other.participants.all()):
        twin = kept.get(participant.official_id)
        if twin is None:
            participant.call = keep
            _stamp(participant, user, reason).save()
            kept[participant.official_id] = participant
            summary.participants_moved += 1
            continue
        if twin.position_id is None and participant.position_id is not None:
            twin.position_id = participant.position_id
            twin.role = twin.role or participant.role
            _stamp(twin, user, reason).save()
        _stamp(participant, user, reason).delete()
        summary.participants_dropped += 1
