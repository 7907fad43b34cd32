"""Stage 1: reading and validating the hand-edited sources in ``geo/``.

``gazetteer`` (places, rivers, lakes, events), ``treaties`` (lines, regions, regimes, today's
borders) and ``toml`` (line-precise problem reports). Nothing here computes geometry.
"""
