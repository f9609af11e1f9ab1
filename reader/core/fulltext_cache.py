"""Full texts fetched from arXiv and kept in the data folder (``fulltext/<id>.html|pdf``).

A download is written only once complete (atomically), capped in size and time, and
reused offline ever after.  HTML first; when arXiv has none (404, its "No HTML" stub, a
conversion error page) the PDF.
"""

from __future__ import annotations

import contextlib
import stat
from collections.abc import Callable
from pathlib import Path

import orjson

from reader.core.atomic import atomic_write_bytes
from reader.core.fulltext import Document, NotFullText, is_no_html, parse_html, parse_pdf
from reader.core.fulltext_net import ARXIV_ENV, Answer, NetError, base_url, http_get
from reader.core.text import normalise_arxiv_id

MAX_BYTES = 50_000_000
FOLDER = "fulltext"

Progress = Callable[[str, int, int | None], None]
"""Called with (what, bytes received, total bytes or None)."""


def cache_name(arxiv_id: str) -> str:
    """Return the file stem of an id (``hep-th/9901001`` -> ``hep-th_9901001``)."""
    bare = normalise_arxiv_id(arxiv_id)
    if bare is None:
        raise ValueError(f"not an arXiv id: {arxiv_id!r}")
    return bare.replace("/", "_")


ATTACHED = ".attached"
"""Infix of a file the reader attached (``<stem>.attached.pdf``): it wins over a download."""


def paper_stem(paper_id: str) -> str:
    """Return the file stem of a paper id: an arXiv id's, or ``title-<key>`` for a title."""
    if paper_id.startswith("title:"):
        key = paper_id.removeprefix("title:")
        if key and key.isalnum():
            return f"title-{key}"
        raise ValueError(f"not a paper id: {paper_id!r}")
    return cache_name(paper_id)


def stem_id(stem: str) -> str:
    """Return the paper id a cached file's stem stands for (paper_stem reversed)."""
    stem = stem.removesuffix(ATTACHED)
    if stem.startswith("title-"):
        return "title:" + stem.removeprefix("title-")
    return stem.replace("_", "/")


# The default name only has to not end in ".pdf": any other text is the same.
def parse_bytes(data: bytes, name: str = "") -> Document:  # pragma: no mutate
    """Parse a PDF or an HTML page, told apart by their content (``name`` for messages)."""
    if b"%PDF-" in data[:1024]:  # where PDF readers look for the signature
        return parse_pdf(data)
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return parse_html(data)
    if name.lower().endswith(".pdf"):
        raise NotFullText("not a PDF (no %PDF- signature)")
    raise NotFullText("neither a PDF nor an HTML page")


def read_local(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """Read a file the reader chose, refusing what is not a regular file or too large.

    Raises NotFullText (one line, without the file name) or OSError.
    """
    info = path.stat()  # follows symlinks: the file they point to is what is read
    if stat.S_ISDIR(info.st_mode):
        raise NotFullText("a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise NotFullText("not a regular file (a FIFO or a device?)")
    if info.st_size > max_bytes:
        raise NotFullText(f"larger than {max_bytes / 1e6:g} MB")
    with path.open("rb") as handle:
        # One byte past the cap tells "too large"; reading more changes only the memory used.
        data = handle.read(max_bytes + 1)  # pragma: no mutate
    if len(data) > max_bytes:
        raise NotFullText(f"larger than {max_bytes / 1e6:g} MB")
    return data


def load_file(path: Path) -> Document:
    """Read a local ``.html`` or ``.pdf`` file (raises NotFullText or OSError)."""
    return parse_bytes(read_local(path), path.name)


def load_parsed(path: Path) -> Document:
    """Read a cached download, through its parsed copy (``<file>.json``) when up to date.

    The parsed copy is written (atomically) the first time, so reopening a long paper
    skips the HTML or PDF parse; a stale or damaged copy is parsed again.
    """
    parsed = path.with_name(path.name + ".json")
    try:
        if parsed.stat().st_mtime_ns >= path.stat().st_mtime_ns:
            return Document.from_json(orjson.loads(parsed.read_bytes()))
    except (OSError, ValueError):
        pass
    document = load_file(path)
    with contextlib.suppress(OSError):  # a read-only cache still reads
        atomic_write_bytes(parsed, orjson.dumps(document.to_json()))
    return document


class FullTextCache:
    """The ``fulltext/`` folder of the data folder."""

    def __init__(self, data_dir: Path) -> None:
        self.folder = data_dir / FOLDER

    def paths(self, arxiv_id: str) -> tuple[Path, Path]:
        """Return the cached HTML and PDF paths of a paper."""
        stem = cache_name(arxiv_id)
        return self.folder / f"{stem}.html", self.folder / f"{stem}.pdf"

    def attached_paths(self, paper_id: str) -> tuple[Path, Path]:
        """Return where an attached HTML or PDF of a paper is kept."""
        stem = paper_stem(paper_id) + ATTACHED
        return self.folder / f"{stem}.html", self.folder / f"{stem}.pdf"

    def attached(self, paper_ids: list[str]) -> Path | None:
        """Return the file attached to a paper (under any of its ids), if any."""
        for paper_id in paper_ids:
            with contextlib.suppress(ValueError):
                for path in self.attached_paths(paper_id):
                    if path.is_file():
                        return path
        return None

    def attach(self, paper_id: str, source: Path) -> tuple[Document, Path]:
        """Copy a local HTML or PDF file in as the paper's full text; return it parsed.

        The file is checked (a regular file, at most 50 MB, a paper that parses) before
        anything is written; the copy is atomic and the user's file is only read.  A
        previous attachment of the other kind, which reader wrote, is removed.
        Raises NotFullText or OSError (one line, without the file name).
        """
        data = read_local(source)
        document = parse_bytes(data, source.name)
        html_path, pdf_path = self.attached_paths(paper_id)
        target, other = (pdf_path, html_path) if document.origin == "pdf" else (html_path, pdf_path)
        atomic_write_bytes(target, data)
        with contextlib.suppress(OSError):  # opening it later skips the parse
            atomic_write_bytes(
                target.with_name(target.name + ".json"), orjson.dumps(document.to_json())
            )
        with contextlib.suppress(OSError):
            other.unlink(missing_ok=True)
            other.with_name(other.name + ".json").unlink()  # missing: suppressed, as it is last
        return document, target

    def downloaded(self, arxiv_id: str) -> Path | None:
        """Return the paper's downloaded HTML or PDF, if there is one (a stat or two)."""
        try:
            return next((path for path in self.paths(arxiv_id) if path.is_file()), None)
        except ValueError:  # not an arXiv id
            return None

    def cached(self, arxiv_id: str) -> Document | None:
        """Return the cached full text, or None when not downloaded (or unusable)."""
        for path in self.paths(arxiv_id):
            if path.is_file():
                try:
                    return load_parsed(path)
                except (NotFullText, OSError):
                    continue
        return None

    def cached_text(self, arxiv_id: str) -> str | None:
        """Return the cached full text as plain text (for ``full:`` search)."""
        document = self.cached(arxiv_id)
        return document.plain_text() if document else None

    def fetch(
        self,
        arxiv_id: str,
        progress: Progress | None = None,
        *,
        timeout: float = 15.0,
        deadline: float = 120.0,
        max_bytes: int = MAX_BYTES,
        stop: Callable[[], bool] | None = None,
    ) -> Document:
        """Return the full text: from the cache, else downloaded (HTML, then the PDF).

        Raises NetError when neither can be had; nothing partial is ever written.
        """
        document = self.cached(arxiv_id)
        if document is not None:
            return document
        bare = normalise_arxiv_id(arxiv_id) or arxiv_id
        html_path, pdf_path = self.paths(arxiv_id)
        base = base_url(ARXIV_ENV, "https://arxiv.org")

        def report(what: str) -> Callable[[int, int | None], None] | None:
            if progress is None:
                return None
            return lambda received, total: progress(what, received, total)

        def get(kind: str, what: str) -> Answer:
            return http_get(
                f"{base}/{kind}/{bare}",
                progress=report(what),
                timeout=timeout,
                deadline=deadline,
                max_bytes=max_bytes,
                stop=stop,
            )

        html_problem = ""
        try:
            answer = get("html", "HTML")
        except NetError as error:
            if error.status is None or error.status >= 500:
                raise
            html_problem = str(error)
        else:
            if not is_no_html(answer.body):
                try:
                    document = parse_html(answer.body)
                except NotFullText as error:
                    html_problem = str(error)
                else:
                    atomic_write_bytes(html_path, answer.body)
                    return document
            html_problem = html_problem or "arXiv has no HTML version"
        answer = get("pdf", "PDF")
        try:
            document = parse_pdf(answer.body)
        except NotFullText as error:
            raise NetError(f"{bare}: {html_problem}; the PDF: {error}") from None
        atomic_write_bytes(pdf_path, answer.body)
        return document


_TEXTS: dict[Path, tuple[int, str]] = {}
"""Plain text of cached full texts, by file, with the mtime it was read at."""


def ids_containing(data_dir: Path, word: str) -> set[str]:
    """Return the arXiv ids whose cached full text contains ``word`` (case-insensitive).

    ``word`` ending in ``*`` matches a prefix (the text is searched as is, so a plain
    substring test covers both).  Texts are parsed once per file version.
    """
    needle = word.rstrip("*").casefold()
    folder = data_dir / FOLDER
    if not needle or not folder.is_dir():
        return set()
    found = set()
    for path in folder.iterdir():
        if path.suffix not in (".html", ".pdf") or path.name.startswith("."):
            continue
        try:
            stamp = path.stat().st_mtime_ns
            known = _TEXTS.get(path)
            if known is None or known[0] != stamp:
                known = (stamp, load_parsed(path).plain_text().casefold())
                _TEXTS[path] = known
        except (NotFullText, OSError):
            continue
        if needle in known[1]:
            found.add(stem_id(path.stem))
    return found
