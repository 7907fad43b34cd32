"""A consumer of the layers: static maps as PNG, SVG and PDF, and screenshots of the
interactive maps (``export``). Reads ``layers/`` only, through :mod:`bordermap.layers`.
"""
