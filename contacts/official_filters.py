"""The officials index's GET parameters: name or alias, country, post ever held, order, and
whether officials without calls are shown."""

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
    # A callable: the positions are read only when the menu is drawn or a post is given.
    post = forms.ChoiceField(
        label="Post ever held",
        choices=lambda: [("", "Any post"), *role_choices()],
        required=False,
        error_messages={"invalid_choice": "No post is known by “%(value)s”."},
    )
    sort = forms.ChoiceField(label="Order", choices=OFFICIAL_SORTS, required=False)
    silent = forms.BooleanField(label="Include officials without calls", required=False)

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
