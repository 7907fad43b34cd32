"""``geo/dataset.toml``: the dataset as a whole — its title, description, keywords and the
day of this release of the data, which citations give and which the GeoPackage records
(the build never reads the clock)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bordermap.sources.toml import Doc, check_keys, get

_KEYS = ("title", "description", "released", "keywords")
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@dataclass(frozen=True)
class Dataset:
    title: str
    description: str
    released: str  # YYYY-MM-DD
    keywords: tuple[str, ...]


def read_dataset(doc: Doc) -> Dataset | None:
    """The dataset of ``doc``, checked: a title, a description, a real day, keywords."""
    if not doc.parsed:
        return None
    entry = doc.top("dataset", ())
    check_keys(entry, _KEYS)
    title = get(entry, "title", str, "the dataset's title")
    description = get(entry, "description", str, "a description of the dataset")
    released = get(entry, "released", str, "the release day, YYYY-MM-DD")
    if released is not None:
        try:
            if not _DAY.match(released):
                raise ValueError
            date.fromisoformat(released)
        except ValueError:
            entry.problem("released", f"expected a day YYYY-MM-DD, got {released!r}")
            released = None
    keywords = get(entry, "keywords", list, "a list of keywords")
    if keywords is not None and not all(isinstance(k, str) and k.strip() for k in keywords):
        entry.problem("keywords", "expected a list of words")
        keywords = None
    values = (title, description, released, keywords)
    if any(v is None for v in values):
        return None
    return Dataset(title.strip(), description.strip(), released, tuple(keywords))  # type: ignore[union-attr,arg-type]
