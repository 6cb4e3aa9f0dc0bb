# ruff: noqa
"""Names vulture cannot see being used: ``vulture desktop db .vulture_whitelist.py``.

Never imported or run; each name below is called by a framework, dispatched by name, or
used only from the tests. Anything truly dead is deleted instead of listed here.
"""

# SQLAlchemy event listeners (registered by decorator, called by the engine or session)
_on_connect  # db/engine.py: PRAGMAs on every new connection
_on_begin  # db/engine.py: BEGIN IMMEDIATE / deferred BEGIN
_assign_labels  # desktop/core/labels.py: before_flush
_before_flush  # desktop/core/state.py
_after_flush  # desktop/core/state.py
_before_commit  # desktop/core/state.py
_after_rollback  # desktop/core/state.py
_forget_head  # desktop/core/audit.py: after_commit / after_rollback
_save_counters  # desktop/core/labels.py: before_commit
_forget_counters  # desktop/core/labels.py: after_rollback
_.team_watch  # desktop/qt/main_window.py: kept so the watcher's slots stay connected

# html.parser.HTMLParser callbacks (desktop/core/source_text.py)
_.handle_starttag
_.handle_endtag
_.handle_data
_.handle_comment
# SQLAlchemy declarative protocol
__mapper_args__  # db/models/versioned.py: version_id_col, read by the mapper

# SQLAlchemy TypeDecorator protocol (db/types.py)
impl
cache_ok
_.process_bind_param
_.process_result_value

# Enum members: stored and parsed by value (``Confidence("probable")``), rarely by name
INDEX_CODE
SERIAL_NUMBER
LOT_NUMBER
MANUFACTURER_MARK
DATE_CODE
DAMAGE
SCALE_REFERENCE
CONFIRMED
PROBABLE
GOVERNMENT
MINISTRY
AGENCY
OFFICIAL
MILITARY
MEDIA
NGO
CORROBORATED
DISPUTED
REFUTED
GEOLOCATED
RECEIVED
DOWNLOADED
TAKEN_BY_TEAM
FOUND_AT

# reportlab hooks and attributes read by reportlab (desktop/core/export)
_.afterFlowable
_._indexingFlowables  # export/passes.py: what multiBuild sets for the document's notify
_._doSave  # export/passes.py: 0 = a pass does not save the canvas (as multiBuild)
_._multiBuildEdits  # export/passes.py: read by flowables that edit the story between passes
_.levelStyles
_._dataA
_.hAlign
_.wrap
avail_width  # Flowable.wrap(availWidth, availHeight) is called positionally
avail_height
_.useA85
_.getSpaceBefore  # BidiParagraph: the frame asks every flowable for its spacing
_.getSpaceAfter
_.fontname  # reportlab's table CellStyle default font (styles.register_fonts)
_.AF  # pikepdf: the PDF/A-3 associated files array of the document catalog
_.Lang  # pikepdf: PDF dictionary keys written as attributes (export/pdf_finish.py)
_.N
_.OutputIntents
_.F
_.thread_type  # PyAV: a stream's decoder threading, read by FFmpeg (core/frame_reader.py)

# Qt virtual methods, called by Qt
_.paintEvent
_.wheelEvent
_.mouseReleaseEvent
_.mouseDoubleClickEvent
_.dragEnterEvent
_.dropEvent
_.columnCount
_.headerData
_.highlightBlock

# Dispatched by name: getattr(self, f"_{kind}") per interchange object kind
_._actor
_._photo
_._link
_._case_basemap
_._reference_collection
_._video_frame
_._check_finding

# Fields of frozen DTOs: part of the record (JSON output through asdict, the dossier
# data, the tests), even where no Python code reads the attribute by name
footer  # DossierStyles.footer
stored_width  # ImageProbe: the size before EXIF orientation
stored_height
matched  # CatalogMatch.matched
actor_kind  # dossier claim rows
via  # PhotoNear.via
from_label  # LinkInfo.from_label
published_mm  # ComparisonInfo (fragment measurements --json)
allowed_mm
method_detail  # MeasurementInfo
reference_label
reference_reading

# Public API exercised by the tests (and meant for scripts), not yet by the GUI or CLI
command_names  # checked against COMMAND_NAMES
_.around
_.is_land
read_exif_bounded
AddCatalogEntryCommand
DeleteCatalogEntryCommand
EditLink
set_photo_provenance
set_photo_notes
set_view_adjustments
attach_source_file
get_claim
get_photo_by_label
get_photo_by_sha256
measurement_of  # desktop/core/queries/measurements.py: the Inspector's read of one measurement
reference_of  # and of one scale reference
_.store_path

# Widget state the Qt tests inspect or drive
_.is_full_resolution
_.set_checked
_.set_stance
_.photo_at
_.preview_item
_.images_pending
_.selected_distance_m
_.filling  # desktop/qt/map/map_view.py: the big-case test and benchmark wait for the fill
_.storing  # desktop/qt/map/basemap_menu.py: the tests wait for the copy into the case
_.reading  # desktop/qt/panels/sources_panel.py: the tests wait for a file's text

# Used only by packaging/user_guide.py (the build renders the guide with it)
html_links  # desktop/core/user_guide.py

# Limits of the canvas's measure tool (desktop/qt/canvas/tools.py), read by the tool itself
MIN_POLYLINE_POINTS
MIN_CIRCLE_RADIUS

# Used only from the tests
find_coordinates  # desktop/core/scan.py: scan_text finds both at once
find_markings  # desktop/core/scan.py
fixed_texts  # desktop/core/export/translations.py: the translation completeness test
_.sides  # desktop/core/picture_cache.py: which sizes of a photo are cached
is_search_table  # db/search_index.py: the migrations-equal-models test leaves the index out
overlapping_pairs  # desktop/core/label_layout.py: the map tests measure label overlaps
x_to_lon  # desktop/core/mbtiles.py: the inverse projections, tested with the forward ones
y_to_lat

# Called by uharfbuzz's draw_glyph_with_pen (the fontTools pen protocol)
_.curveTo  # desktop/core/export/glyph_paint.py
_.qCurveTo
_.closePath
_.endPath
_.decluttering  # desktop/qt/map/map_view.py: the big-case benchmark waits for the labels
_.collections  # desktop/qt/idle_collector.py: read by the big-case benchmark and tests
