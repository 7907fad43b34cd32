"""bordermap: the Russia–Qing border treaties compiled into GeoJSON layers and maps."""

__version__ = "0.1.0"
