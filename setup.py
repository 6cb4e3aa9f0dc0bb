"""Packaging glue that pyproject.toml cannot express: the top-level ``resources/`` folder
is installed as the package ``fragment_resources`` (see ``desktop/core/resources.py``)."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["desktop*", "db*"]), "fragment_resources"],
    package_dir={"fragment_resources": "resources"},
)
