"""Packaging glue that pyproject.toml cannot express: the top-level ``resources/`` folder
is installed as the package ``fragment_resources`` (see ``desktop/core/resources.py``)."""

from setuptools import find_namespace_packages, find_packages, setup

# Each data folder under resources/ (basemap, fonts, ...) is declared too: Python sees the
# folders as importable namespace packages, and setuptools warns about any it is not told of.
RESOURCE_FOLDERS = [
    f"fragment_resources.{name}"
    for name in find_namespace_packages(where="resources", exclude=["*__pycache__*"])
]

setup(
    packages=[*find_packages(include=["desktop*", "db*"]), "fragment_resources",
              *RESOURCE_FOLDERS],
    package_dir={"fragment_resources": "resources"},
)
