"""The controlled vocabularies every stage shares: the sources, the compiler, the layer
schema and the consumers all take their allowed values from here."""

from __future__ import annotations

import re

#: Languages of every name, in the order the sources and layers write them.
LANGS = ("en", "ru", "zh", "tr")
#: An id: lowercase letters and digits in groups joined by single hyphens, such as
#: ``aigun-1858``; an id that names a file is always one.
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: What a gazetteer entry is.
PLACE_KINDS = ("fort", "town", "city", "village", "post", "pass", "strait", "hill", "confluence", "mouth",
               "source", "treaty-site", "marker")
#: The calendars dates are written in: Julian (Old Style, Russia's) and Gregorian (New Style).
CALENDARS = ("julian", "gregorian")
#: How exactly a date is known: to the day, the month or the year, or only approximately.
DATE_PRECISIONS = ("day", "month", "year", "approximate")
#: What a border segment follows.
SEGMENT_KINDS = ("river", "ridge", "line")
#: How exactly a border segment is known.
PRECISIONS = ("described", "surveyed", "approximate", "undelimited")
#: Which part of a river is the border: the river itself, or one bank.
BANKS = ("river", "left", "right")
#: A territory's status.
STATUSES = ("qing", "russia", "ceded", "joint", "undelimited", "enclave")
#: Whose reading a territory's extent and status are: the treaty's text (where the parties'
#: texts and the histories agree), Chinese or Russian sources and histories, or bordermap's
#: own reconstruction where no source gives a limit.
READINGS = ("treaty", "chinese", "russian", "bordermap")
#: Kinds of work in the bibliography.
WORK_KINDS = ("treaty", "book", "article", "reference", "dataset", "account", "project")
#: How a river's line was made: traced through the network, or drawn through its waypoints.
RIVER_PRECISIONS = ("generalised", "approximate")
#: Regimes that the maps, the images and the statistics draw by name: each needs a border.
DRAWN_REGIMES = ("nerchinsk-1689", "kyakhta-1727", "aigun-1858", "peking-1860")
#: Who made a proposed line, and what kind of proposal it was (proposals.toml).
PROPOSERS = ("russia", "qing")
PROPOSAL_KINDS = ("draft", "position", "claim")
