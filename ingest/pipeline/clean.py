"""Stage 2: the article's own text, without the page around it (menus, teasers, paywalls, footers)."""

from ingest.pipeline.clean_html import extract_html
from ingest.pipeline.clean_text import clean_plain_text
from ingest.pipeline.records import ArticleText, IngestError


def extract_main_text(text: str, kind: str) -> ArticleText:
    """Body paragraphs (separated by blank lines), headline and dated captions of one document.

    kind is "html" or "text" as decode_bytes said. HTML pages also give their declared title,
    canonical URL, authors, site name and publication date. Raises IngestError when nothing of
    an article is left.
    """
    article = extract_html(text) if kind == "html" else clean_plain_text(text)
    if not article.body.strip():
        raise IngestError(
            "No article text was found: the page holds only navigation, links or other page "
            "furniture."
        )
    return article
