"""Calls made to order for view tests: participants with their posts, topics, reports."""

from contacts.models import Article, Call, CallParticipant, Report


def make_call(
    people,
    *,
    date=None,
    precision="day",
    mode="phone",
    status="held",
    topics=(),
    outlet=None,
    evidence="",
    reported=(),
):
    """A call with participants (official or (official, position)), topics and reports."""
    call = Call.objects.create(
        date=date, date_precision=precision if date else "unknown", mode=mode, status=status
    )
    call.topics.set(topics)
    for person in people:
        official, position = person if isinstance(person, tuple) else (person, None)
        CallParticipant.objects.create(
            call=call,
            official=official,
            position=position,
            role=position.title if position else "",
        )
    for index, reported_date in enumerate(reported or [date]):
        article = Article.objects.create(
            outlet=outlet,
            title=f"Report {index} of {evidence or 'a call'}",
            body=evidence,
            published=reported_date,
        )
        Report.objects.create(
            call=call,
            article=article,
            reported_date=reported_date,
            reported_precision="day" if reported_date else "unknown",
            evidence=[{"text": evidence, "start": 0, "end": len(evidence)}] if evidence else [],
        )
    return call
