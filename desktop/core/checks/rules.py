"""From what is known about a photo to findings, each with a severity and a plain
explanation of what it does and does not prove. Pure functions over ``PhotoFacts``."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, timedelta

from desktop.core.checks.credentials import NOT_INSTALLED
from desktop.core.checks.facts import Finding, PhotoFacts
from desktop.core.checks.sun import describe, sun_position
from desktop.core.checks.timing import capture_utc, edtf_start, exif_time, gps_utc, parse_taken_at
from desktop.core.geo_format import distance_m

THUMB_MISMATCH_BITS = 16  # of 64; re-encoded thumbnails of the same picture stay below ~6
DEFAULT_GPS_PRECISION_M = 30.0  # a phone's usual fix when the file does not say
DEFAULT_PLACE_PRECISION_M = 1000.0  # a claimed place without a stated precision: a locality
EDITORS = re.compile(
    r"photoshop|lightroom|gimp|affinity|pixelmator|snapseed|picsart|facetune|canva|"
    r"paint\.net|capture one|luminar|darktable|rawtherapee|photoscape|fotor|meitu|vsco|"
    r"faceapp|remini|firefly|midjourney|stable diffusion|dall", re.IGNORECASE)
_NOT_PROOF_EDIT = ("It does not say what was changed: converting, resizing or adjusting "
                   "brightness leaves the same trace as altering content.")


def findings_for(facts: PhotoFacts) -> list[Finding]:
    """Every finding for one photo, in a stable order."""
    out: list[Finding] = []
    for rule in RULES:
        out.extend(rule(facts))
    return out


def _near_duplicates(f: PhotoFacts) -> list[Finding]:
    if not f.near_duplicates:
        return []
    others = ", ".join(f"{label} ({d} bits)" for label, d in f.near_duplicates)
    return [Finding("near_duplicate", "near_duplicate", "info",
                    f"Looks like {others} in this case (perceptual hash, distance of 64 bits). "
                    "Resized, recompressed or slightly cropped copies of one picture look "
                    "alike; so, rarely, do different pictures of a very similar scene.",
                    {"photos": [{"label": lb, "distance": d} for lb, d in f.near_duplicates]})]


def _references(f: PhotoFacts) -> list[Finding]:
    out = []
    for hit in f.references:
        out.append(Finding(
            f"reference:{hit.collection_uid}:{hit.sha256[:16]}", "reference_match", "warning",
            f"Looks like {hit.name} in the reference collection \"{hit.collection}\" "
            f"({hit.path}), distance {hit.distance} of 64 bits. The picture may have been "
            "published before: check that image's date and context. A perceptual match says "
            "the pictures look alike, not which came first.",
            {"collection": hit.collection, "collection_uid": hit.collection_uid,
             "reference": hit.name, "path": hit.path, "sha256": hit.sha256,
             "distance": hit.distance}))
    return out


def _credentials(f: PhotoFacts) -> list[Finding]:
    c = f.credentials
    if c is None:
        if NOT_INSTALLED in f.fingerprint_problem:
            return [Finding("credentials", "credentials", "info",
                            "Content credentials (C2PA) were not read: this installation has "
                            "no C2PA reader (the c2pa extra). Install it and run the checks "
                            "again to read them.")]
        return [Finding("credentials", "credentials", "info",
                        "No content credentials (C2PA). Most cameras, and every messaging app, "
                        "write none: their absence says nothing about the photo.")]
    state = str(c.get("state", ""))
    who = ", ".join(x for x in (str(c.get("signer", "")), str(c.get("issuer", ""))) if x)
    actions = ", ".join(sorted({str(a.get("action", "")).removeprefix("c2pa.")
                                for a in c.get("actions", [])})) or "none"
    text = (f"Content credentials signed by {who or 'an unnamed signer'} with "
            f"{c.get('claim_generator') or 'an unnamed tool'}; declared actions: {actions}; "
            f"validation: {state}.")
    ingredients = [str(i) for i in c.get("ingredients", []) if i]
    if ingredients:
        text += f" Made from: {', '.join(ingredients)}."
    severity = "info"
    if state in ("Invalid", "Unreadable"):
        severity = "warning"
        codes = ", ".join(x["code"] for x in c.get("failures", []) if x.get("code"))
        text += (f" The credentials do not hold ({codes or c.get('error', '')}): the file was "
                 "changed after signing, or the manifest is damaged.")
    elif any(x.get("code") == "signingCredential.untrusted" for x in c.get("failures", [])):
        text += (" The signature and hashes hold, but the signer's certificate is not on a "
                 "trust list Fragment knows: it proves who signed only if you trust that "
                 "certificate.")
    if c.get("ai_generated"):
        severity = "warning"
        text += " The credentials declare content made by a generative model."
    text += " Credentials say what the signer declared, not that the scene is what it shows."
    return [Finding("credentials", "credentials", severity, text, dict(c))]


def _thumbnail(f: PhotoFacts) -> list[Finding]:
    if f.thumb_distance is None or f.thumb_distance < THUMB_MISMATCH_BITS:
        return []
    return [Finding("thumbnail", "thumbnail_mismatch", "warning",
                    f"The EXIF thumbnail does not match the image ({f.thumb_distance} of 64 "
                    "bits differ). Software that edits pixels but copies the metadata leaves "
                    "the camera's old thumbnail behind: a classic trace of an edit. It does "
                    "not show which version is the original, and some tools rotate or crop "
                    "only the main image.", {"distance": f.thumb_distance})]


def _software(f: PhotoFacts) -> list[Finding]:
    software = (f.tags.get("Image Software") or "").strip()
    if not software or not EDITORS.search(software):
        return []
    return [Finding("software", "editing_software", "notice",
                    f"The metadata names editing software: \"{software}\". The file passed "
                    f"through it. {_NOT_PROOF_EDIT}", {"software": software})]


def _dates(f: PhotoFacts) -> list[Finding]:
    original = exif_time(f.tags.get("EXIF DateTimeOriginal"))
    modified = exif_time(f.tags.get("Image DateTime"))
    out = []
    if original and modified and abs(modified - original) > timedelta(minutes=1):
        later = modified > original
        out.append(Finding(
            "dates", "modified_date", "notice",
            f"The file's modification date ({modified:%Y-%m-%d %H:%M}) is "
            f"{'after' if later else 'before'} its capture date ({original:%Y-%m-%d %H:%M}). "
            f"The file was written again after it was taken. {_NOT_PROOF_EDIT}",
            {"original": original.isoformat(), "modified": modified.isoformat()}))
    off_orig = (f.tags.get("EXIF OffsetTimeOriginal") or "").strip()
    off_mod = (f.tags.get("EXIF OffsetTime") or "").strip()
    if off_orig and off_mod and off_orig != off_mod:
        out.append(Finding(
            "offsets", "time_zone", "notice",
            f"The capture was recorded at UTC{off_orig} and the last change at UTC{off_mod}: "
            "the file was edited or re-saved in another time zone, or a clock was changed.",
            {"original": off_orig, "modified": off_mod}))
    return out


def _clock(f: PhotoFacts) -> list[Finding]:
    camera, gps = parse_taken_at(f.taken_at), gps_utc(f.tags)
    if camera is None or gps is None:
        return []
    if camera.tzinfo is not None:
        gap = abs(camera.astimezone(UTC) - gps)
        if gap <= timedelta(minutes=15):
            return []
        return [Finding("clock", "time_zone", "notice",
                        f"The camera time with its offset ({f.taken_at}) and the GPS time "
                        f"({gps:%Y-%m-%d %H:%M} UTC) differ by {_duration(gap)}. One of the "
                        "clocks was wrong, or the time was edited.",
                        {"gps_utc": gps.isoformat(), "gap_s": int(gap.total_seconds())})]
    implied = camera.replace(tzinfo=UTC) - gps
    hours = implied.total_seconds() / 3600
    expected = f.gps[1] / 15 if f.gps else None
    if abs(hours) <= 14 and (expected is None or abs(hours - expected) <= 3):
        return []
    where = (f" where solar time is about UTC{expected:+.0f}" if expected is not None else "")
    return [Finding("clock", "time_zone", "notice",
                    f"The camera time ({f.taken_at}, no zone) is {hours:+.1f} h from the GPS "
                    f"time ({gps:%Y-%m-%d %H:%M} UTC){where}. The camera's clock was set to "
                    "another zone or wrong, so its time of day cannot be trusted as local "
                    "time; the GPS time usually can.",
                    {"gps_utc": gps.isoformat(), "implied_offset_h": round(hours, 2)})]


def _stripped(f: PhotoFacts) -> list[Finding]:
    if f.frame_of:
        return [Finding("stripped", "video_frame", "info",
                        f"A frame decoded from video {f.frame_of}: a frame carries no EXIF "
                        "of its own. When and where the video was made is in the video's "
                        "container metadata, and the frame can be decoded again from it.")]
    if "no_exif" in f.flags:
        return [Finding("stripped", "metadata_stripped", "notice",
                        "The file carries no EXIF metadata at all, as messaging apps and social "
                        "networks leave them: it is probably a re-shared copy, not the camera "
                        "original. Time, place and camera cannot be checked from the file.")]
    if not f.tags.get("EXIF DateTimeOriginal") and not f.tags.get("Image Model"):
        return [Finding("stripped", "metadata_stripped", "info",
                        "The metadata name neither a camera nor a capture time: most of it "
                        "was removed or never written. This is common for screenshots and "
                        "re-shared copies.")]
    return []


def _claim_dates(f: PhotoFacts) -> list[Finding]:
    taken = parse_taken_at(f.taken_at)
    if taken is None:
        return []
    out = []
    for claim in f.claims:
        start = edtf_start(claim.about_when)
        if start is None:
            continue
        # A day of slack either side: the camera's zone is not always known.
        if taken.date() < start - timedelta(days=1):
            days = (start - taken.date()).days
            out.append(Finding(
                f"claim_date:{claim.label}", "capture_before_event", "warning",
                f"Taken {taken:%Y-%m-%d}, {days} days before the event claim {claim.label} is "
                f"about ({claim.about_when}). Either the camera's clock was wrong, or the photo "
                "shows something earlier than the event: an old picture reused.",
                {"claim": claim.label, "about_when": claim.about_when,
                 "taken": taken.isoformat(), "days": days}))
    return out


def _places(f: PhotoFacts) -> list[Finding]:
    if f.gps is None:
        return []
    out = []
    gps_prec = f.gps_precision_m or DEFAULT_GPS_PRECISION_M
    measured = []
    for place in f.places:
        dist = distance_m(f.gps[0], f.gps[1], place.lat, place.lon)
        tolerance = gps_prec + (place.precision_m or DEFAULT_PLACE_PRECISION_M)
        measured.append((place, dist, tolerance))
    # A claim naming several sites is consistent when the photo was taken at one of them.
    near_via = {place.via for place, dist, tol in measured if place.via and dist <= tol}
    reported: set[str] = set()
    for place, dist, tolerance in measured:
        if (place.via in near_via and dist > tolerance) or place.label in reported:
            continue  # one finding per place: linked directly first, then through a claim
        reported.add(place.label)
        place_prec = place.precision_m or DEFAULT_PLACE_PRECISION_M
        via = f" (through claim {place.via})" if place.via else ""
        name = f"{place.label} {place.name}".strip()
        details = {"location": place.label, "distance_m": round(dist),
                   "gps_precision_m": round(gps_prec, 1),
                   "place_precision_m": round(place_prec, 1),
                   "via": place.via}
        precisions = (f"the GPS fix ±{_km(gps_prec)}"
                      f"{'' if f.gps_precision_m else ' (assumed)'} and the place "
                      f"±{_km(place_prec)}{'' if place.precision_m else ' (assumed)'}")
        if dist > tolerance:
            out.append(Finding(
                f"place:{place.label}", "gps_far_from_claim", "warning",
                f"The camera's GPS position is {_km(dist)} from {name}{via}, more than "
                f"{precisions} allow together ({_km(tolerance)}). The photo was not taken "
                "there, or the position in the file is wrong or was changed; a camera's GPS "
                "can also keep an old fix indoors.", details))
        else:
            out.append(Finding(
                f"place:{place.label}", "gps_near_claim", "info",
                f"The camera's GPS position is {_km(dist)} from {name}{via}, within "
                f"{precisions}. Positions in a file can be edited: agreement is consistent "
                "with the claim, not proof of it.", details))
    return out


def _sun(f: PhotoFacts) -> list[Finding]:
    if f.gps is None:
        return []
    when, source = capture_utc(f.taken_at, f.tags)
    if when is None:
        return []
    sun = sun_position(f.gps[0], f.gps[1], when)
    details = {"azimuth": sun.azimuth, "elevation": sun.elevation, "utc": when.isoformat(),
               "time_source": source}
    text = (f"Sun at capture ({when:%Y-%m-%d %H:%M} UTC, from the {source}, at the GPS "
            f"position): {describe(sun)}. Compare the direction and length of shadows.")
    out = [Finding("sun", "sun_position", "info", text, details)]
    luma = f.mean_luma
    if luma is not None and luma < 0.12 and sun.elevation > 15:
        out.append(Finding("sun_light", "light_vs_sun", "warning",
                           f"The picture is dark (mean brightness {luma:.0%}) although the sun "
                           f"stood {sun.elevation:.0f}° high at the recorded time and place. "
                           "The time or place may be wrong; indoor shots, heavy overcast and "
                           "underexposure explain it too.", details))
    elif luma is not None and luma > 0.45 and sun.elevation < -12:
        out.append(Finding("sun_light", "light_vs_sun", "warning",
                           f"The picture looks like daylight (mean brightness {luma:.0%}) "
                           f"although the sun was {-sun.elevation:.0f}° below the horizon at "
                           "the recorded time and place. The time or place may be wrong; "
                           "flash and artificial light explain it too.", details))
    return out


def _km(metres: float) -> str:
    if metres >= 1000:
        return f"{metres / 1000:.1f} km"
    return f"{metres:.0f} m" if metres >= 1 else "1 m"


def _duration(gap: timedelta) -> str:
    hours = gap.total_seconds() / 3600
    return f"{hours:.1f} h" if hours >= 1 else f"{gap.total_seconds() / 60:.0f} min"


RULES: tuple[Callable[[PhotoFacts], list[Finding]], ...] = (
    _references, _near_duplicates, _credentials, _thumbnail, _software, _dates, _clock,
    _stripped, _claim_dates, _places, _sun,
)
