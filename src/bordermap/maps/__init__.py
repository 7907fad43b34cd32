"""A consumer of the layers: the interactive maps (``compose``), drawn on a page where
nothing is rendered twice (``page``), with bordermap's own map elements (``elements``) and
users' GeoJSON files (``userlayer``). Reads ``layers/`` only, through :mod:`bordermap.layers`.
"""
