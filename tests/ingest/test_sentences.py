"""split_sentences: boundaries a reader would draw, offsets that point back into the body."""

import time
from pathlib import Path

import pytest

from ingest.pipeline.clean import extract_main_text
from ingest.pipeline.decode import decode_bytes
from ingest.pipeline.metadata import complete_metadata
from ingest.pipeline.records import SourceInput
from ingest.pipeline.sentences import split_sentences

REPO = Path(__file__).resolve().parents[2]
EVAL = REPO.parent / "shared" / "eval"


def texts(body: str) -> list[str]:
    return [s.text for s in split_sentences(body)]


CASES = [
    (
        "Secretary of State Antony J. Blinken met today with President Isaac Herzog in Washington, "
        "D.C. The Secretary and President Herzog reaffirmed the relationship.",
        [
            "Secretary of State Antony J. Blinken met today with President Isaac Herzog in Washington, D.C.",
            "The Secretary and President Herzog reaffirmed the relationship.",
        ],
    ),
    (
        "The U.S. Secretary of State spoke with Lt. Gen. Herzi Halevi on Sept. 5. They discussed "
        "Iran and the U.N. Security Council.",
        [
            "The U.S. Secretary of State spoke with Lt. Gen. Herzi Halevi on Sept. 5.",
            "They discussed Iran and the U.N. Security Council.",
        ],
    ),
    (
        "Mr. Sullivan and Dr. Hulata led the meeting. Mrs. Smith and Ms. Jones joined Sec. Austin.",
        [
            "Mr. Sullivan and Dr. Hulata led the meeting.",
            "Mrs. Smith and Ms. Jones joined Sec. Austin.",
        ],
    ),
    (
        "Pentagon spokesman Navy Capt. Jeff Davis said President Donald J. Trump agreed. No. 10 said so.",
        [
            "Pentagon spokesman Navy Capt. Jeff Davis said President Donald J. Trump agreed.",
            "No. 10 said so.",
        ],
    ),
    (
        "The briefing began at 2:07 p.m. EDT on Tuesday. It ended at 3 p.m. The next one is Friday.",
        [
            "The briefing began at 2:07 p.m. EDT on Tuesday.",
            "It ended at 3 p.m.",
            "The next one is Friday.",
        ],
    ),
    (
        "“It was good speaking with my colleague,” Ashkenazi said. “We spoke at length.” Then he left.",
        [
            "“It was good speaking with my colleague,” Ashkenazi said.",
            "“We spoke at length.”",
            "Then he left.",
        ],
    ),
    (
        'He said it was "vitally important." The talks continued. Did they end? Not yet!',
        [
            'He said it was "vitally important."',
            "The talks continued.",
            "Did they end?",
            "Not yet!",
        ],
    ),
    (
        "The solution is the only way,” Blinken said.“Realistically,” he added.",
        ["The solution is the only way,” Blinken said.", "“Realistically,” he added."],
    ),
    (
        "Published by the Office of the Spokesperson on Jan. 31. It is reproduced in full below.",
        [
            "Published by the Office of the Spokesperson on Jan. 31.",
            "It is reproduced in full below.",
        ],
    ),
    (
        "Martin Luther King Jr. Day passed. Smith Jr. He was there too.",
        ["Martin Luther King Jr. Day passed.", "Smith Jr.", "He was there too."],
    ),
    (
        "The talks in the U.S. were brief. The U.S. team left early.",
        ["The talks in the U.S. were brief.", "The U.S. team left early."],
    ),
    (
        "Blinken met Gantz (in Washington.) Afterwards they spoke to the press.",
        ["Blinken met Gantz (in Washington.)", "Afterwards they spoke to the press."],
    ),
    (
        "MR. KIRBY: I’m not going to talk about that. Q: Why not?",
        ["MR. KIRBY: I’m not going to talk about that.", "Q: Why not?"],
    ),
    (
        "Headline without a full stop\nThe first sentence of the body.\n\nA second paragraph",
        ["Headline without a full stop", "The first sentence of the body.", "A second paragraph"],
    ),
    (
        "We are preparing for every scenario. pic.twitter.com/EB2STLGUSs — Yoav Gallant "
        "(@yoavgallant) June 24, 2024",
        [
            "We are preparing for every scenario. pic.twitter.com/EB2STLGUSs",
            "— Yoav Gallant (@yoavgallant) June 24, 2024",
        ],
    ),
    (
        "The United States remains unwavering in its commitment to Israel's security.— Secretary "
        "Antony Blinken (@SecBlinken) February 22, 2021",
        [
            "The United States remains unwavering in its commitment to Israel's security.",
            "— Secretary Antony Blinken (@SecBlinken) February 22, 2021",
        ],
    ),
    (
        "— יואב גלנט – Yoav Gallant (@yoavgallant) June 24, 2024",
        ["— יואב גלנט – Yoav Gallant (@yoavgallant) June 24, 2024"],
    ),
    (
        "Just before you scroll on... Israel is at war.",
        ["Just before you scroll on...", "Israel is at war."],
    ),
    ("", []),
    ("\n\n   \n", []),
]


@pytest.mark.parametrize(("body", "expected"), CASES)
def test_sentence_boundaries(body, expected):
    assert texts(body) == expected


@pytest.mark.parametrize(("body", "expected"), CASES)
def test_offsets_point_into_the_body(body, expected):
    for sentence in split_sentences(body):
        assert body[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()


def all_documents() -> list[Path]:
    paths = sorted((REPO / "seeds").glob("*.txt"))
    if EVAL.is_dir():
        paths += sorted((EVAL / "dev").glob("*.txt")) + sorted((EVAL / "dev-html").glob("*.html"))
    return paths


def body_of(path: Path) -> str:
    text, kind = decode_bytes(path.read_bytes())
    return extract_main_text(text, kind).body


@pytest.mark.parametrize("path", all_documents(), ids=lambda p: p.name)
def test_every_document_splits_with_exact_offsets_in_order(path):
    body = body_of(path)
    sentences = split_sentences(body)
    assert sentences
    previous_end = 0
    for sentence in sentences:
        assert body[sentence.start : sentence.end] == sentence.text
        # Nothing but whitespace is left between two sentences: no text is lost.
        assert body[previous_end : sentence.start].strip() == ""
        previous_end = sentence.end
    assert body[previous_end:].strip() == ""


def test_seed_000_tweet_sign_off_is_its_own_sentence():
    sentences = texts(body_of(next((REPO / "seeds").glob("000_*.txt"))))
    assert "— Secretary Antony Blinken (@SecBlinken) February 22, 2021" in sentences
    assert (
        "US Secretary of State Antony Blinken spoke Monday with Israeli Foreign Minister Gabi Ashkenazi."
        in sentences
    )


def test_a_two_megabyte_line_splits():
    body = "Blinken met Gantz. " * 105_000
    sentences = split_sentences(body.strip())
    assert len(sentences) == 105_000


@pytest.mark.benchmark
def test_pipeline_throughput():
    """Prints documents per second for decode → clean → metadata → sentences; asserts nothing timed."""
    documents = [path.read_bytes() for path in all_documents()]
    rounds = 5
    started = time.perf_counter()
    split = 0
    for _ in range(rounds):
        for raw in documents:
            text, kind = decode_bytes(raw)
            article = complete_metadata(extract_main_text(text, kind), SourceInput(raw=raw), [])
            split += bool(split_sentences(article.body))
    elapsed = time.perf_counter() - started
    count = rounds * len(documents)
    print(f"\n{count} documents in {elapsed:.2f}s: {count / elapsed:.0f} documents per second")
    assert split == count
