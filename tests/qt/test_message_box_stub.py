"""The message-box stub of tests/qt/conftest.py: a box nobody prepared an answer for fails."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.qt.conftest import MessageBoxes


def test_a_box_with_no_answer_fails_the_test_naming_its_text(qtbot,
                                                             messages: MessageBoxes) -> None:
    with pytest.raises(pytest.fail.Exception,
                       match=re.escape("warning message box popped up with no answer "
                                       "prepared: 'The case folder is damaged.'")):
        QMessageBox.warning(None, "Fragment", "The case folder is damaged.")
    box = QMessageBox(QMessageBox.Icon.Question, "Fragment", "Discard the reading?")
    with pytest.raises(pytest.fail.Exception, match=re.escape("'Discard the reading?'")):
        box.exec()
    assert messages.unanswered == ["warning: The case folder is damaged.",
                                   "exec: Discard the reading?"]
    messages.unanswered.clear()  # this test expected them: the teardown check stays quiet


def test_prepared_answers_are_given_in_order(qtbot, messages: MessageBoxes) -> None:
    messages.answer(QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
    assert QMessageBox.question(None, "Fragment", "Replace a.kml?") == \
        QMessageBox.StandardButton.No
    assert QMessageBox.question(None, "Fragment", "Replace b.kml?") == \
        QMessageBox.StandardButton.Yes
    assert messages == [("question", "Replace a.kml?"), ("question", "Replace b.kml?")]
