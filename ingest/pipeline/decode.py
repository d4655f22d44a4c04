"""Stage 1: raw bytes to text. Finds the encoding, refuses what is not a text, tells HTML from text."""

import codecs
import re

from ingest.pipeline.records import IngestError

# File signatures of the binary formats editors upload by mistake, with the words an editor
# recognises. Checked before any decoding, so a PNG never turns into mojibake "text".
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/Excel file)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_META_CHARSET = re.compile(
    rb"""<meta[^<>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{2,40})""", re.IGNORECASE
)

# HTML by content: a doctype or a document-level tag settles it; otherwise several block tags.
_HTML_DOCUMENT = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]", re.IGNORECASE)
_HTML_BLOCK_TAG = re.compile(
    r"</?(?:div|p|span|a|br|li|ul|ol|h[1-6]|article|section|main|table|tr|td|strong|em)\b[^<>]{0,500}>",
    re.IGNORECASE,
)

# Characters that mean "not text" when they are a large share of the input: C0 and C1 controls
# other than layout ones, and the replacement character left by undecodable bytes.
_NOT_TEXT = re.compile("[\x01-\x08\x0e-\x1f\x7f-\x9f\ufffd]")


def decode_bytes(raw: bytes, *, max_bytes: int = 5_000_000) -> tuple[str, str]:
    """Decode an uploaded document; return (text, kind) with kind "html" or "text".

    Raises IngestError, with a message meant for an editor, when the input is not a readable text.
    """
    if raw is None or len(raw) == 0:
        raise IngestError("The file is empty: there is no text to read.")
    if len(raw) > max_bytes:
        raise IngestError(
            f"The file is too large ({_size(len(raw))}; the limit is {_size(max_bytes)}). "
            "Upload the article alone, as text or as a single web page."
        )
    described = _binary_format(raw)
    if described:
        raise IngestError(
            f"This file looks like {described}, not an article. "
            "Upload the article as a .txt or .html file."
        )

    text = _decode(raw)
    text = text.replace("\x00", "").replace("\ufeff", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\x85", "\n")

    if not text.strip():
        raise IngestError("The file contains only blank space: there is no text to read.")
    if _mostly_controls(text):
        raise IngestError(
            "The file holds binary data (mostly control characters), not readable text. "
            "Upload the article as a .txt or .html file."
        )
    return text, ("html" if looks_like_html(text) else "text")


def looks_like_html(text: str) -> bool:
    """True when the text is an HTML page, judged by its content rather than a file name."""
    head = text[:20_000]
    if _HTML_DOCUMENT.search(head):
        return True
    stripped = head.lstrip()
    tags = _HTML_BLOCK_TAG.findall(head)
    # One stray "<p>" in a text file is not a page; a page opening with a tag and several more is.
    return len(tags) >= 4 or (stripped.startswith("<") and len(tags) >= 2)


def _size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size // 1_000} KB"
    return f"{size} bytes"


def _binary_format(raw: bytes) -> str | None:
    for signature, described in _SIGNATURES:
        if raw.startswith(signature):
            return described
    if raw.startswith(b"RIFF") and raw[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "a WebP image", b"WAVE": "a WAV sound file", b"AVI ": "an AVI video"}[
            raw[8:12]
        ]
    if raw[4:8] == b"ftyp":
        return "a video or HEIC image"
    # "BM" alone is too common a start of a text; a BMP also has four reserved zero bytes.
    if raw.startswith(b"BM") and len(raw) > 26 and raw[6:10] == b"\x00\x00\x00\x00":
        return "a BMP image"
    return None


def _decode(raw: bytes) -> str:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(encoding, errors="replace")
    utf16 = _bomless_utf16(raw)
    if utf16:
        return raw.decode(utf16, errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(raw)
    if declared:
        return raw.decode(declared, errors="replace")
    # Windows-1252 leaves five bytes undefined; they become U+FFFD rather than an error.
    return raw.decode("cp1252", errors="replace")


def _bomless_utf16(raw: bytes) -> str | None:
    """UTF-16 without a BOM shows as NULs in every other byte of mostly-ASCII text."""
    sample = raw[:4000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nuls = even.count(0) / len(even)
    odd_nuls = odd.count(0) / max(len(odd), 1)
    if odd_nuls > 0.4 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.4 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _declared_charset(raw: bytes) -> str | None:
    match = _META_CHARSET.search(raw[:8192])
    if not match:
        return None
    name = match.group(1).decode("ascii", errors="ignore").lower()
    try:
        encoding = codecs.lookup(name).name
    except LookupError:
        return None
    # Browsers read a page declared Latin-1 or ASCII as Windows-1252 (the WHATWG rule); so do we.
    if encoding in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    if encoding.startswith("utf-16"):
        # A UTF-16 page without a BOM was caught by its NULs; a declaration alone is wrong here.
        return None
    return encoding


def _mostly_controls(text: str) -> bool:
    sample = text[:20_000]
    return len(_NOT_TEXT.findall(sample)) > max(8, len(sample) * 0.1)
