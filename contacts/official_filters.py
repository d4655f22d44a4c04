"""The officials index's GET parameters: name or alias, country, post ever held, order, and
whether officials without calls are shown."""

from functools import cached_property

from django import forms

from contacts.countries import Country
from contacts.filters import MAX_Q_LENGTH, role_choices

OFFICIAL_SORTS = [("calls", "Most calls first"), ("name", "By name")]
DEFAULT_OFFICIAL_SORT = "calls"


class OfficialFilterForm(forms.Form):
    q = forms.CharField(label="Name or alias", max_length=MAX_Q_LENGTH, required=False)
    country = forms.ChoiceField(
        label="Country",
        choices=[("", "Any country"), *Country.choices],
        required=False,
        error_messages={"invalid_choice": "No country is known by “%(value)s”."},
    )
    # Set per form in __init__: the posts are read once, when the menu is drawn or a post given.
    post = forms.ChoiceField(
        label="Post ever held",
        choices=[],
        required=False,
        error_messages={"invalid_choice": "No post is known by “%(value)s”."},
    )
    sort = forms.ChoiceField(label="Order", choices=OFFICIAL_SORTS, required=False)
    silent = forms.BooleanField(label="Include officials without calls", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].choices = lambda: [("", "Any post"), *self._posts]

    @cached_property
    def _posts(self):
        return role_choices()

    def filters(self):
        """Keyword arguments for selectors.officials_index from the cleaned data."""
        data = self.cleaned_data
        return {
            "q": data["q"].strip(),
            "country": data["country"],
            "post": data["post"],
            "sort": data["sort"] or DEFAULT_OFFICIAL_SORT,
            "silent": data["silent"],
        }
