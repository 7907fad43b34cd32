"""Stage 2: compiling the sources into features: the river network (``wdb``, ``network``,
``rivers``), lakes, today's borders, the basemap, the treaty regimes (``regimes``), and
``build``, which writes them as the layer files of :mod:`bordermap.layers`.
"""
