"""decode_bytes: encodings an editor's files arrive in, and the inputs it refuses with a clear message."""

import codecs
import random
from pathlib import Path

import pytest

from ingest.pipeline.decode import decode_bytes, looks_like_html
from ingest.pipeline.records import IngestError

SAMPLES = Path(__file__).parent / "samples"
REPO = Path(__file__).resolve().parents[2]
DEV_HTML = REPO.parent / "shared" / "eval" / "dev-html"


def test_utf8_text_is_read_as_text():
    text, kind = decode_bytes("Blinken spoke with Sa’ar today.\n".encode())
    assert text == "Blinken spoke with Sa’ar today.\n"
    assert kind == "text"


def test_utf8_bom_is_dropped():
    text, _ = decode_bytes(codecs.BOM_UTF8 + b"Gallant met Austin.")
    assert text == "Gallant met Austin."


def test_windows_1252_curly_quotes_become_real_quotes():
    text, kind = decode_bytes((SAMPLES / "cp1252_curly_quotes.txt").read_bytes())
    assert "“We discussed Iran,” he said" in text
    assert "minister’s aide called it ‘productive’ – a word" in text
    assert "\r" not in text
    assert kind == "text"


@pytest.mark.parametrize("name", ["utf16le_bom.txt", "utf16be_bom.txt"])
def test_utf16_with_bom(name):
    text, kind = decode_bytes((SAMPLES / name).read_bytes())
    assert text.startswith("Rubio and Sa’ar\n\nSecretary of State Marco Rubio")
    assert "\x00" not in text and "\ufeff" not in text
    assert kind == "text"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised_by_its_nul_pattern(codec):
    raw = "Secretary Blinken met President Herzog in Washington.\n".encode(codec)
    text, _ = decode_bytes(raw)
    assert text == "Secretary Blinken met President Herzog in Washington.\n"


def test_charset_declared_in_an_html_meta_tag():
    text, kind = decode_bytes((SAMPLES / "meta_charset_latin1.html").read_bytes())
    assert kind == "html"
    assert "at a café in Jerusalem" in text
    assert "“frank” and “useful”" in text


def test_http_equiv_charset_declaration():
    body = "<p>Встреча министров прошла в Иерусалиме во вторник.</p>"
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        f"</head><body>{body}</body></html>"
    )
    text, kind = decode_bytes(page.encode("cp1251"))
    assert body in text
    assert kind == "html"


def test_nul_bytes_are_removed_and_newlines_normalised():
    text, _ = decode_bytes(b"First line.\r\nSecond\x00 line.\rThird line.\n")
    assert text == "First line.\nSecond line.\nThird line.\n"


def test_html_is_detected_by_content_not_by_file_name():
    _, kind = decode_bytes((SAMPLES / "html_saved_as_text.txt").read_bytes())
    assert kind == "html"


def test_a_text_that_mentions_one_tag_stays_text():
    _, kind = decode_bytes(b"Editors wrap paragraphs in <p> tags, the memo said. Blinken agreed.")
    assert kind == "text"


@pytest.mark.skipif(not DEV_HTML.is_dir(), reason="shared eval set not present")
def test_dev_pages_are_html_and_seeds_are_text():
    for page in DEV_HTML.glob("*.html"):
        assert decode_bytes(page.read_bytes())[1] == "html", page.name
    for seed in (REPO / "seeds").glob("*.txt"):
        assert decode_bytes(seed.read_bytes())[1] == "text", seed.name


def test_looks_like_html_on_a_bare_fragment():
    assert looks_like_html("<div><p>Blinken met Gantz.</p><p>They spoke.</p></div>")
    assert not looks_like_html("Blinken met Gantz. 3 < 4 and 5 > 2.")


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"", "empty"),
        (b"   \n\t\r\n  ", "blank"),
        (b"\x00\x00\x00", "blank"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40, "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x11" * 40, "JPEG image"),
        (b"GIF89a\x01\x00\x01\x00" + b"\x00" * 20, "GIF image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 30, "ZIP archive"),
        (random.Random(7).randbytes(4000), "binary"),
        (bytes(range(1, 9)) * 500, "binary"),
    ],
    ids=[
        "empty",
        "whitespace",
        "only-nuls",
        "png",
        "jpeg",
        "gif",
        "pdf",
        "zip",
        "random",
        "controls",
    ],
)
def test_unreadable_input_gets_an_editor_message(raw, words):
    with pytest.raises(IngestError) as error:
        decode_bytes(raw)
    assert words in str(error.value)


def test_too_large_input_says_the_limit():
    with pytest.raises(IngestError, match=r"too large \(190 bytes; the limit is 50 bytes\)"):
        decode_bytes(b"Blinken met Gantz. " * 10, max_bytes=50)
    with pytest.raises(IngestError, match="the limit is 5.0 MB"):
        decode_bytes(b"a" * 5_000_001)


def test_a_two_megabyte_single_line_is_accepted():
    text, kind = decode_bytes(b"word " * 400_000)
    assert len(text) == 2_000_000
    assert kind == "text"
