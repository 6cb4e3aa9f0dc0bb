"""Files dropped on the Sources panel: each becomes a new source with the file attached."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from desktop.core.commands import CompositeCommand
from desktop.core.ops.investigation_commands import CreateSource
from desktop.qt.forms import show_error
from desktop.qt.panels.source_findings import new_source_fields
from desktop.qt.undo import push_command

if TYPE_CHECKING:
    from desktop.qt.panels.sources_panel import SourcesPanel


def add_sources_from_files(panel: SourcesPanel, paths: list[Path]) -> bool:
    """Each file a new source titled by its own title (a web page's or PDF's) or its name,
    with a web page's URL and date, as one undo step; the last one is then shown."""
    files = [p for p in paths if p.is_file()]
    if panel.ctx.case is None or not files:
        return False
    commands = [CreateSource(**new_source_fields(p)) for p in files]
    command = commands[0] if len(commands) == 1 else CompositeCommand(
        QCoreApplication.translate("SourcesPanel", "Add {n} sources").format(n=len(commands)),
        list(commands))
    wrapper = push_command(panel.ctx, command)
    if wrapper.error is not None:
        show_error(panel.error, str(wrapper.error))
        return False
    panel.show_source(commands[-1].created_id)
    return True
