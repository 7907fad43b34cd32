"""Packaging hook: the wheel ships the compiled layers (``layers/``, committed) inside the
package as ``bordermap/_layers``, so that an installed bordermap reads them when no
``layers/`` folder is at hand. Everything else is declared in pyproject.toml."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

#: The files of ``layers/`` the wheel ships: what bordermap's readers read.
SHIPPED = ("*.geojson", "*.json", "*.gpkg", "*.qml")


class _BuildWithLayers(build_py):
    def run(self) -> None:
        super().run()
        source = Path(__file__).resolve().parent / "layers"
        if not (source / "index.json").is_file():
            raise SystemExit("layers/index.json is missing: run 'bordermap build' before packaging")
        target = Path(self.build_lib) / "bordermap" / "_layers"
        target.mkdir(parents=True, exist_ok=True)
        for pattern in SHIPPED:
            for path in sorted(source.glob(pattern)):
                self.copy_file(str(path), str(target / path.name))


setup(cmdclass={"build_py": _BuildWithLayers})
