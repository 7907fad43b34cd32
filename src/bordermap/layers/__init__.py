"""Stage 3: the layer files, the one interface between the compiler and its consumers.

``schema`` (what ``layers/`` holds), ``read`` (the one reader), ``geojson`` (writing
deterministic GeoJSON, checking geometries), ``fileset`` (outputs written as one set) and
``crs`` (the coordinate systems and extents that every stage shares).
"""
