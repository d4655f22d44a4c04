"""The background tasks (Django's Tasks framework): thin shells over the queue and feed services."""

from django_tasks import task

from ingest.models import Feed


@task(takes_context=True)
def ingest_queued_documents(context, document_ids: list[int]) -> dict:
    """Take these documents if they are still queued, fetch those that are pages, ingest them."""
    from ingest.queue import run_queued_documents

    return run_queued_documents(document_ids=document_ids, task_id=str(context.task_result.id))


@task()
def poll_feed_task(feed_id: int) -> dict:
    """Poll one registered feed and queue its new entries."""
    from ingest.feeds import poll_feed

    feed = Feed.objects.filter(pk=feed_id, active=True).first()
    if feed is None:
        return {"polled": False}
    poll = poll_feed(feed=feed)
    return {"polled": True, "status": poll.status, "new": poll.new, "error": poll.error}
