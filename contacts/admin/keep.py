"""Records editors keep: only a superuser may delete a call, a report, an article or a document.

A deletion takes the ingest's findings and other editors' corrections with it; an editor
rejects a call instead ("Mark as not a contact"). The Editors group does not hold these delete
permissions either (contacts.permissions); this check also covers staff given them by hand.
"""


class SuperuserDeletesOnly:
    """Admin or inline mixin: deleting (view, bulk action, inline checkbox) is for superusers."""

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)
