"""Read the case's points for the map through the core queries (DTOs only).

Every location becomes a point; a photo with a valid GPS position that has no camera
location row of its own is shown as a camera point too, so imported photos appear on the
map even before anyone creates locations. Found-at links give a location its photo; about
links give it its claims.
"""

from __future__ import annotations

from desktop.core.basemap import Basemap, load_basemap
from desktop.core.casefile import CaseFile
from desktop.core.geo import format_dms
from desktop.core.places import index_places
from desktop.core.queries.panel_reads import map_locations
from desktop.qt.jobs import JobControl
from desktop.qt.map.basemap_layer import BasemapPaths, basemap_paths
from desktop.qt.map.markers import MapPoint


def read_map_points(case: CaseFile) -> list[MapPoint]:
    """Every point to draw, from one short read transaction."""
    points: list[MapPoint] = []
    photo_list, locations = case.read(map_locations)
    photos = {p.id: p for p in photo_list}
    shown_photos: set[int] = set()
    for loc, starts in locations:
        photo_id = loc.photo_id
        claim_ids: list[int] = []
        for start in starts:
            if start.kind == "claim":
                claim_ids.append(start.id)
            elif start.kind == "photo" and photo_id is None:
                photo_id = start.id
        if loc.kind == "camera" and photo_id is not None:
            shown_photos.add(photo_id)
        label = loc.name
        if not label and loc.photo_id in photos:
            label = photos[loc.photo_id].file_name
        points.append(MapPoint(
            key=f"location:{loc.id}", location_id=loc.id, lat=loc.lat, lon=loc.lon,
            kind=loc.kind, label=label or format_dms(loc.lat, loc.lon),
            precision_m=loc.precision_m, photo_id=photo_id, claim_ids=tuple(claim_ids),
            tag=loc.label, version=loc.version, name=loc.name,
        ))
    for photo in photos.values():
        if photo.has_gps and photo.id not in shown_photos:
            assert photo.gps_lat is not None and photo.gps_lon is not None
            points.append(MapPoint(
                key=f"photo:{photo.id}", location_id=None, lat=photo.gps_lat,
                lon=photo.gps_lon, kind="camera", label=photo.file_name, photo_id=photo.id,
                tag=photo.label,
            ))
    return points


def read_points(_control: JobControl, case: CaseFile) -> list[MapPoint]:
    """The map's points, read in a worker (DTOs only)."""
    return read_map_points(case)


def decoded_basemap() -> tuple[Basemap, BasemapPaths]:
    """The basemap and its projected paths (both cached per process); the populated
    places are read and indexed here too, so neither the first paint of the map nor the
    first selected point's nearest town waits for them on the GUI thread."""
    index_places()
    basemap = load_basemap()
    return basemap, basemap_paths(basemap)


def decode_basemap(_control: JobControl) -> tuple[Basemap, BasemapPaths]:
    """``decoded_basemap()`` as a job, for a worker."""
    return decoded_basemap()
