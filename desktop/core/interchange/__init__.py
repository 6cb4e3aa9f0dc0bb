"""The interchange JSON format (``fragment-case`` version 1): dump a case, load one in.

``dump_case(case, out_path)`` writes the document and copies the files it references;
``load_case(case, json_path)`` validates a whole document first and then applies it in one
transaction. See ``docs/interchange.md`` for the format, field by field.
"""

from desktop.core.interchange.dump import case_document, dump_case
from desktop.core.interchange.fields import FORMAT, VERSION
from desktop.core.interchange.load import load_case

__all__ = ["FORMAT", "VERSION", "case_document", "dump_case", "load_case"]
