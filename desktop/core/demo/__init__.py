"""The demo case of DOMAIN.md (Shusha, March 2021), built on demand: ``build_demo_case``."""

from desktop.core.demo.build import build_demo_case

__all__ = ["build_demo_case"]
