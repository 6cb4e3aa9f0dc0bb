"""User settings shared by the CLI and the GUI (a small JSON file in the config dir)."""

from __future__ import annotations

import getpass
import json
import os
from pathlib import Path
from typing import Any

import platformdirs

from desktop.core.atomic import atomic_file

APP_NAME = "Fragment"


def config_dir() -> Path:
    """Where settings live; ``FRAGMENT_CONFIG_DIR`` overrides (tests use it)."""
    override = os.environ.get("FRAGMENT_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME))


def log_dir() -> Path:
    """Where the application writes its log files."""
    override = os.environ.get("FRAGMENT_LOG_DIR")
    return Path(override) if override else Path(platformdirs.user_log_dir(APP_NAME))


def load_settings() -> dict[str, Any]:
    """The settings dictionary (empty when none were saved or the file is unreadable)."""
    path = config_dir() / "settings.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_settings(values: dict[str, Any]) -> None:
    """Merge ``values`` into the settings file (written atomically)."""
    data = load_settings() | values
    path = config_dir() / "settings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(path) as tmp:
        tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")


def explicit_investigator(override: str | None = None) -> str | None:
    """A name the user gave (``--investigator`` or settings); None when only the OS knows."""
    if override and override.strip():
        return override.strip()
    saved = load_settings().get("investigator")
    return saved.strip() if isinstance(saved, str) and saved.strip() else None


ACCOUNT_NAMES = frozenset({"root", "admin", "administrator", "user", "guest", "unknown",
                           "nobody", "ubuntu", "pi"})
"""Names of operating-system accounts, never printed as an author (a dossier, a bag)."""


def printable_name(name: str | None) -> str:
    """``name`` as an author to print, or "" when it is empty or an OS account's name
    (``root``): the operating system's user is not the investigator's name."""
    shown = (name or "").strip()
    return "" if shown.casefold() in ACCOUNT_NAMES else shown


def investigator_name(override: str | None = None) -> str:
    """Who is making changes: ``--investigator``, else settings, else the OS user name."""
    if override and override.strip():
        return override.strip()
    saved = load_settings().get("investigator")
    if isinstance(saved, str) and saved.strip():
        return saved.strip()
    try:
        return getpass.getuser()
    except Exception:  # no user database entry (containers)
        return "unknown"
