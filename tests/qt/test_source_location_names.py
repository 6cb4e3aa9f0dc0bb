"""A location made from a coordinate in a source's text is named from the words around
it, and the user can edit the name before creating it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from desktop.core.ops.investigation_commands import CreateSource
from desktop.core.queries.investigation import list_locations
from desktop.qt.panels.sources_panel import SourcesPanel
from desktop.qt.undo import push_command
from tests.conftest import ARTICLE
from tests.qt.panels_helpers import panel_ctx, read  # noqa: F401


@pytest.fixture
def panel(qtbot, panel_ctx):  # noqa: F811
    widget = SourcesPanel(panel_ctx)
    qtbot.addWidget(widget)
    widget.resize(560, 760)
    widget.show()
    push_command(panel_ctx, CreateSource(title="Débris à Choucha", language="fr"))
    QGuiApplication.clipboard().setText(ARTICLE.read_text(encoding="utf-8"))
    qtbot.mouseClick(widget.paste_button, Qt.MouseButton.LeftButton)
    return widget


def test_name_is_proposed_and_editable(qtbot, panel, panel_ctx) -> None:  # noqa: F811
    panel.findings.setCurrentRow(0)
    assert panel.location_name.text() == "Choucha — les débris se trouvaient aux points"
    panel.location_name.selectAll()
    qtbot.keyClicks(panel.location_name, "Crater by the hotel")
    qtbot.mouseClick(panel.create_location_button, Qt.MouseButton.LeftButton)
    (loc,) = read(panel_ctx, list_locations)
    assert loc.name == "Crater by the hotel"


def test_create_all_names_every_location(qtbot, panel, panel_ctx) -> None:  # noqa: F811
    qtbot.mouseClick(panel.create_all_button, Qt.MouseButton.LeftButton)
    names = [loc.name for loc in read(panel_ctx, list_locations)]
    assert names == ["Choucha — les débris se trouvaient aux points",
                     "Choucha — débris se trouvaient aux points"]
