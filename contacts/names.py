"""Name normalisation shared by alias storage and the ingest's person matching."""

import re
import unicodedata

_PUNCT = re.compile(r"[^\w\s@]")
_SPACE = re.compile(r"\s+")


def normalize_name(text):
    """Lower-case, accent-free, punctuation-free form of a name or alias ("Sa'ar" -> "saar")."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "").replace("'", "").replace("-", " ")
    text = _PUNCT.sub(" ", text.lower())
    return _SPACE.sub(" ", text).strip()
