"""A folder of adversarial inputs next to good articles, and checks of what a run made of it.

``build_adversarial_folder(path)`` writes the folder and returns, for every entry (by its
printable name relative to the folder, as the loader reports it), what it should become:
an article (maybe with a warning row), an error row, or a skipped-entry warning. The checks take
an articles table (``path``, ``doc_id``, ``published``, ``body``) and an errors table (``path``,
``severity``, ``reason``) from any stage (``load_corpus``, the pipeline, notebook 01's output),
so the same folder tests every way into the corpus. All texts are written for these tests.

``Expected.needs`` names a fix outside the loader that the entry's expectation relies on in some
stage: "metadata" (already in ``load_corpus``: dates in a plausible range, linear-time chrome
patterns) or "one-pass" (in the pipeline and notebook 02: texts over spaCy's max_length, one
article isolated from the rest of its chunk). ``problems(..., skip_needs={...})`` checks such
entries for being accounted for only, until that fix is merged.
"""

from __future__ import annotations

import hashlib
import os
import socket
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from corpuskit.rawio import printable

TOO_BIG = 21_000_000  # bytes: above rawio.MAX_FILE_BYTES (written sparse, never read)
HUGE_CHARS = 1_000_001  # one more than spaCy's default max_length


@dataclass(frozen=True)
class Expected:
    """What one entry of the folder should become."""

    outcome: str  # "article", "error" (an error row, no article) or "skipped" (a warning row, no article)
    reason: str = ""  # words of its row's reason (for an article: of a warning row; "" = no row needed)
    doc_id: str | None = None  # an article's doc_id
    published: str | None = None  # "missing": the article's date must be empty
    contains: tuple[str, ...] = ()  # text the article's body must contain
    needs: str = ""  # a fix outside the loader it relies on in some stage ("metadata", "one-pass")
    note: str = field(default="", compare=False)  # what the entry exercises


def _paragraphs(*paras: str) -> str:
    return "\n\n".join(paras) + "\n"


NEWS = _paragraphs(
    "date 2023-05-16 By Caspian Wire",
    "Azerbaijan and Georgia agree to expand rail freight on the Middle Corridor",
    "Baku, May 16. The foreign ministers of Azerbaijan and Georgia met in Tbilisi on Tuesday to "
    "discuss the expansion of rail freight along the Middle Corridor, the ministry said.",
    "The two sides reviewed the progress of the Baku-Tbilisi-Kars railway and agreed to set up a "
    "joint working group on customs procedures before the end of the year.",
    "The ministers also exchanged views on regional security and on preparations for the next "
    "meeting of the intergovernmental commission.",
)
DATELINE = _paragraphs(
    "Kazakhstan and Azerbaijan sign a memorandum on green energy",
    "On 3 March 2021, the energy ministers of Kazakhstan and Azerbaijan signed a memorandum on "
    "the export of green electricity across the Caspian Sea in Nur-Sultan.",
    "The document foresees a feasibility study of an undersea cable and regular consultations "
    "between the two governments, the press service reported.",
)
PAGE = (
    "<!DOCTYPE html><html><head><title>Azerbaijan and Uzbekistan hold consultations</title></head>"
    "<body><nav>Home | World | Share</nav><article><h1>Azerbaijan and Uzbekistan hold consultations"
    "</h1><p>On 14 September 2022, political consultations between the foreign ministries of "
    "Azerbaijan and Uzbekistan were held in Tashkent.</p><p>The deputy ministers discussed trade, "
    "transport links across the Caspian and cooperation within the Organization of Turkic States."
    "</p></article><footer>All rights reserved.</footer></body></html>"
)
PAGE_TEXT_START = "political consultations between the foreign ministries"
RUSSIAN = _paragraphs(
    "Министры иностранных дел Азербайджана и Казахстана провели переговоры в Баку.",
    "Стороны обсудили развитие транспортного коридора через Каспийское море, сотрудничество в "
    "энергетике и подготовку к заседанию межправительственной комиссии.",
)
GOOD = {"good_news.txt": NEWS, "good_dateline.txt": DATELINE, "good_page.html": PAGE}


def _article(body_first: str, header: str = "date 2023-05-16 By Caspian Wire") -> str:
    return _paragraphs(header, body_first, *NEWS.split("\n\n")[2:])


def _pdf(text: str) -> bytes:
    """A small uncompressed one-page PDF showing ``text``."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _huge() -> str:
    para = ("The delegations of Azerbaijan and Turkey reviewed the joint projects in transport, "
            "energy and education, and agreed to meet again before the end of the year.")
    text = "\n\n".join(["date 2023-05-16 By Caspian Wire", *[para] * (HUGE_CHARS // len(para) + 1)])
    return text[:HUGE_CHARS - 1] + "."


def build_adversarial_folder(path: str | Path, large: bool = True,
                             sockets: bool = True) -> dict[str, Expected]:
    """Write good and bad entries into the (empty or new) folder ``path``; return what each
    should become, keyed by printable name. ``large=False`` leaves out the two texts that cost
    spaCy minutes (1,000,001 characters; 100,000 paragraphs); entries the system cannot make (a
    socket whose path is too long) are left out of both the folder and the answer."""
    root = Path(path)
    root.mkdir(parents=True, exist_ok=True)
    broot = os.fsencode(root)
    expected: dict[str, Expected] = {}

    def put(name: str | bytes, data: bytes | str, expect: Expected) -> None:
        target = os.path.join(broot, name if isinstance(name, bytes) else os.fsencode(name))
        with open(target, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        expected[printable(os.fsdecode(name))] = expect

    for name, text in GOOD.items():
        put(name, text, Expected("article", doc_id=Path(name).stem, note="a good article"))

    # Size and shape
    if large:
        put("huge_article.txt", _huge(), Expected("article", doc_id="huge_article", needs="one-pass",
                                                  note="1,000,001 characters: over spaCy's max_length"))
        tiny = "\n\n".join(["date 2023-05-16 By Caspian Wire", "Talks in Baku",
                            *["Talks went on."] * 100_000])
        put("tiny_paragraphs.txt", tiny, Expected("article", doc_id="tiny_paragraphs", needs="one-pass",
                                                  note="100,000 tiny paragraphs"))
    dashes = _article("Baku, May 16. The talks of the two ministers took place in Baku.") + "-" * 400_000
    put("dashes.txt", dashes,
        Expected("article", doc_id="dashes", needs="metadata",
                 note="400 KB of dashes: the quadratic trailing-widget pattern hangs without the fix"))
    with open(root / "too_big.txt", "wb") as handle:  # sparse: costs no disk, never read
        handle.truncate(TOO_BIG)
    expected["too_big.txt"] = Expected("error", "too large")

    # Names
    put(b"caf\xe9_visit.txt", NEWS.replace("Tuesday", "Wednesday"),
        Expected("article", doc_id="caf\\xe9_visit", note="file name not UTF-8 (a Windows archive)"))
    put("line\nbreak.txt", NEWS.replace("Tuesday", "Thursday"),
        Expected("article", doc_id="line\\nbreak", note="newline in the file name"))
    put("rtl\u202etxt.html", PAGE.replace("14 September", "15 September"),
        Expected("article", doc_id="rtl\\u202etxt", note="a right-to-left override in the name"))
    put("story.txt", NEWS.replace("Tuesday", "Friday"), Expected("article", doc_id="story.txt"))
    put("story.html", PAGE.replace("14 September", "16 September"), Expected("article", doc_id="story.html"))
    put("UPPER.TXT", DATELINE.replace("3 March", "4 March"), Expected("article", doc_id="UPPER"))

    # Dates
    put("date_2500.txt", _article("Baku, May 16. Ministers met in Baku.", "date 2500-01-01 By Caspian Wire"),
        Expected("article", doc_id="date_2500", published="missing", needs="metadata"))
    put("date_0001.txt", _article("Baku, May 16. Ministers met in Baku.", "date 0001-01-01 By Caspian Wire"),
        Expected("article", doc_id="date_0001", published="missing", needs="metadata"))

    # Encodings and content
    put("utf8_bom.txt", b"\xef\xbb\xbf" + DATELINE.replace("3 March", "5 March").encode(),
        Expected("article", doc_id="utf8_bom"))
    put("utf16_bom.txt", DATELINE.replace("3 March", "6 March").encode("utf-16"),
        Expected("article", "decoded as utf-16", doc_id="utf16_bom"))
    put("utf16_no_bom.txt", DATELINE.replace("3 March", "7 March").encode("utf-16-le"),
        Expected("article", "decoded as utf-16-le", doc_id="utf16_no_bom", contains=("7 March 2021",)))
    put("utf16be_russian.txt", RUSSIAN.encode("utf-16-be"),
        Expected("article", "decoded as utf-16-be", doc_id="utf16be_russian", contains=("Каспийское",)))
    put("utf32_bom.txt", DATELINE.replace("3 March", "8 March").encode("utf-32"),
        Expected("article", "decoded as utf-32", doc_id="utf32_bom"))
    put("cp1251_russian.txt", RUSSIAN.replace("Баку", "Астане").encode("cp1251"),
        Expected("article", "not UTF-8", doc_id="cp1251_russian", contains=("Каспийское",)))
    utf8_half = _paragraphs("Türkiyə and Azerbaijan: a café diplomacy in Bakı",
                            "President İlham Əliyev received the delegation in Bakı on 2 June 2022.")
    latin_half = _paragraphs("The délégations met in a tête-à-tête format and discussed the Caspian "
                             "transit routes and the energy projects of both countries.")
    put("mixed_encoding.txt", utf8_half.encode("utf-8") + latin_half.encode("latin-1"),
        Expected("article", "mixed encodings", doc_id="mixed_encoding", contains=("Əliyev", "tête-à-tête")))
    nul_text = _article("Baku, May 16. " + "The ministers met in Baku and talked about trade. " * 100)
    put("nul_tail.txt", nul_text.encode() + b"\0" * 2000 + b"\n\nThe talks ended on Tuesday evening.\n",
        Expected("article", "NUL bytes removed", doc_id="nul_tail", contains=("ended on Tuesday evening",)))
    put("markup.txt", PAGE.replace("14 September", "17 September"),
        Expected("article", "HTML markup", doc_id="markup", contains=(PAGE_TEXT_START,),
                 note="HTML source saved as .txt"))
    pdf = _pdf("Azerbaijan and Georgia held talks in Baku.")
    put("paper.pdf", pdf, Expected("error", "unsupported file type"))
    put("paper_pdf.txt", pdf, Expected("error", "PDF document"))
    put("binary_junk.txt", bytes(range(256)) * 64, Expected("error", "binary"))
    put("empty.txt", b"", Expected("error", "empty file"))
    put("blank.txt", "  \n\n\t\n", Expected("error", "empty file"))
    put("only_chrome.txt", "Share this page\n\nPrivacy Policy\n1155 views\n",
        Expected("error", "no recognisable article text"))
    put("notes.docx", b"PK\x03\x04 not an article", Expected("error", "unsupported file type"))
    put("README", "Articles collected for the study.\n", Expected("error", "unsupported file type"))
    put(".hidden.txt", NEWS, Expected("skipped", "hidden"))

    # Entries that are not plain files
    (root / "subfolder").mkdir()
    (root / "subfolder" / "inner.txt").write_text(DATELINE.replace("3 March", "9 March"), encoding="utf-8")
    expected["subfolder"] = Expected("skipped", "subfolder", note="read with recursive=True")
    os.symlink("story.txt", root / "alias.txt")
    expected["alias.txt"] = Expected("article", doc_id="alias", note="symlink inside the corpus")
    os.symlink("missing_target.txt", root / "dangling.txt")
    expected["dangling.txt"] = Expected("error", "dangling symlink")
    os.symlink("loop_b.txt", root / "loop_a.txt")
    os.symlink("loop_a.txt", root / "loop_b.txt")
    expected["loop_a.txt"] = expected["loop_b.txt"] = Expected("error", "symlink loop")
    os.symlink("/etc/passwd", root / "passwd_link.txt")
    expected["passwd_link.txt"] = Expected("error", "symlink outside the corpus")
    os.symlink("/etc", root / "etc_link")
    expected["etc_link"] = Expected("error", "symlink outside the corpus")
    os.mkfifo(root / "pipe.txt")
    expected["pipe.txt"] = Expected("error", "named pipe", note="opening it for reading would block")
    if sockets and len(os.fsencode(root / "socket.txt")) < 100:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.bind(os.fspath(root / "socket.txt"))
        expected["socket.txt"] = Expected("error", "socket")
    return expected


def snapshot(folder: str | Path) -> dict[bytes, tuple]:
    """Every entry under ``folder`` (by byte name, links not followed): type, size, mtime and,
    for a regular file, its sha256; for a symlink, its target. Nothing but regular files is
    opened, so FIFOs and sockets are safe."""
    state = {}
    for directory, dirs, files in os.walk(os.fsencode(folder)):
        for name in sorted(dirs + files):
            path = os.path.join(directory, name)
            st = os.lstat(path)
            digest = None
            if stat.S_ISREG(st.st_mode):
                with open(path, "rb") as handle:
                    digest = hashlib.sha256(handle.read()).hexdigest()
            link = os.readlink(path) if stat.S_ISLNK(st.st_mode) else None
            state[os.path.relpath(path, os.fsencode(folder))] = (st.st_mode, st.st_size, st.st_mtime_ns,
                                                                 digest, link)
    return state


def entry_names(folder: str | Path) -> list[str]:
    """Printable names of the top-level entries of ``folder``."""
    return sorted(printable(name) for name in os.listdir(folder))


def unaccounted(names: Iterable[str], articles: pd.DataFrame, errors: pd.DataFrame) -> list[str]:
    """Entries that are neither an article nor named by a row of ``errors``."""
    seen = set(errors["path"]) | (set(articles["path"]) if len(articles) else set())
    return [name for name in names if name not in seen]


def problems(expected: dict[str, Expected], articles: pd.DataFrame, errors: pd.DataFrame,
             skip_needs: Iterable[str] = ()) -> list[str]:
    """Every way the tables differ from ``expected``: a missing or invented article, an entry
    with no row, a wrong doc_id, reason, date or body. Entries whose ``needs`` is in
    ``skip_needs`` are checked for being accounted for only."""
    skip = set(skip_needs)
    found = []
    by_path = articles.set_index("path") if len(articles) else pd.DataFrame(columns=["doc_id"])
    for name in sorted(set(by_path.index) | set(errors["path"])):
        if name not in expected:
            found.append(f"{name!r}: a row for an entry the folder does not have")
    for name, expect in sorted(expected.items()):
        rows = errors[errors["path"] == name]
        is_article = name in by_path.index
        if not is_article and rows.empty:
            found.append(f"{name!r}: neither an article nor a row of errors")
            continue
        if expect.needs in skip:
            continue
        failed = rows[rows["severity"] == "error"]
        if expect.outcome == "article":
            if not is_article:
                found.append(f"{name!r}: should be an article, got {rows['reason'].tolist()}")
                continue
            if not failed.empty:
                found.append(f"{name!r}: an article with an error row {failed['reason'].tolist()}")
            row = by_path.loc[name]
            if expect.doc_id is not None and row["doc_id"] != expect.doc_id:
                found.append(f"{name!r}: doc_id {row['doc_id']!r}, expected {expect.doc_id!r}")
            if expect.published == "missing" and not pd.isna(row["published"]):
                found.append(f"{name!r}: published {row['published']}, expected none")
            found += [f"{name!r}: body lacks {text!r}" for text in expect.contains if text not in row["body"]]
            warned = rows[rows["severity"] == "warning"]["reason"].str.lower()
            if expect.reason and not warned.str.contains(expect.reason.lower(), regex=False).any():
                found.append(f"{name!r}: no warning with {expect.reason!r} (rows: {rows['reason'].tolist()})")
        else:
            severity = "error" if expect.outcome == "error" else "warning"
            if is_article:
                found.append(f"{name!r}: should not be an article ({expect.outcome}: {expect.reason})")
            matching = rows[(rows["severity"] == severity)
                            & rows["reason"].str.lower().str.contains(expect.reason.lower(), regex=False)]
            if matching.empty:
                found.append(f"{name!r}: no {severity} row with {expect.reason!r} "
                             f"(rows: {list(zip(rows['severity'], rows['reason'], strict=True))})")
    return found
