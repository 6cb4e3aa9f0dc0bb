"""Fixed texts of the dossier in English and French (``language="en"|"fr"``)."""

from __future__ import annotations

from collections.abc import Callable

LANGUAGES = ("en", "fr")

_TEXTS: dict[str, tuple[str, str]] = {
    # key: (English, French)
    "dossier": ("Evidence dossier", "Dossier de preuves"),
    "case_id": ("Case identifier", "Identifiant du dossier"),
    "investigator": ("Investigator", "Enquêteur"),
    "exported_by": ("Exported by", "Exporté par"),
    "export_date": ("Date of export", "Date d'export"),
    "version": ("Fragment version", "Version de Fragment"),
    "created": ("Case created", "Dossier créé"),
    "counts": ("Contents", "Contenu"),
    "photos": ("Photos", "Photos"),
    "annotations": ("Annotations", "Annotations"),
    "claims": ("Claims", "Affirmations"),
    "sources": ("Sources", "Sources"),
    "locations": ("Locations", "Lieux"),
    "selection_note": (
        "This dossier includes a selection: {photos} of {all_photos} photos and {claims} of "
        "{all_claims} claims.",
        "Ce dossier contient une sélection : {photos} photos sur {all_photos} et {claims} "
        "affirmations sur {all_claims}.",
    ),
    "cover_note": (
        "Originals are identified by their SHA-256 and were never altered. Images in this "
        "dossier are downscaled copies for printing; redacted areas are shown as solid boxes. "
        "The integrity appendix explains how to check every file and the audit log.",
        "Les originaux sont identifiés par leur SHA-256 et n'ont jamais été modifiés. Les "
        "images de ce dossier sont des copies réduites pour l'impression ; les zones "
        "masquées apparaissent en aplats noirs. L'annexe d'intégrité explique comment "
        "vérifier chaque fichier et le journal d'audit.",
    ),
    "toc": ("Contents", "Table des matières"),
    "summary": ("Summary of findings", "Synthèse des constats"),
    "no_claims": ("No claims are recorded.", "Aucune affirmation n'est enregistrée."),
    "claim": ("Claim", "Affirmation"),
    "actor": ("Actor", "Acteur"),
    "source": ("Source", "Source"),
    "claimed_on": ("Stated on", "Déclarée le"),
    "about_when": ("About the period", "Période concernée"),
    "status": ("Status", "Statut"),
    "note": ("Note", "Note"),
    "evidence": ("Evidence", "Éléments de preuve"),
    "no_evidence": ("No evidence is linked to this claim.",
                    "Aucun élément n'est lié à cette affirmation."),
    "claim_relations": ("Other claims", "Autres affirmations"),
    # {verb} is the coloured stance ("✗ contradicts"), {other} the other claim ("C3 (MoD)")
    "relation_in": ("{other} {verb} this claim", "{other} {verb} cette affirmation"),
    "relation_out": ("This claim {verb} {other}", "Cette affirmation {verb} {other}"),
    "matrix": ("Claims and evidence", "Affirmations et éléments de preuve"),
    "matrix_legend": (
        "Each mark is the stance of the row (evidence, or another claim) towards the "
        "column's claim:   ✓ supports   ✗ contradicts   ○ context   (empty: no link)",
        "Chaque marque est la position de la ligne (élément, ou autre affirmation) envers "
        "l'affirmation de la colonne :   ✓ soutient   ✗ contredit   ○ contexte   "
        "(vide : aucun lien)",
    ),
    "photo": ("Photo", "Photo"),
    "file_name": ("File name", "Nom du fichier"),
    "sha256": ("SHA-256", "SHA-256"),
    "camera": ("Camera", "Appareil"),
    "taken_at": ("Date taken", "Date de prise de vue"),
    "camera_time": ("{time} (camera time, {zone})", "{time} (heure de l'appareil, {zone})"),
    "zone_unknown": ("zone unknown", "fuseau inconnu"),
    "gps": ("GPS (EXIF)", "GPS (EXIF)"),
    "no_gps": ("none", "aucun"),
    "imported": ("Imported", "Importée"),
    "by": ("by", "par"),
    "pixels": ("Pixels", "Pixels"),
    "flags": ("Flags", "Signalements"),
    "photo_notes": ("Notes", "Notes"),
    "found_at": ("Found at", "Trouvée à"),
    "photo_missing": (
        "The original file is missing from the case or cannot be decoded; only its "
        "recorded details are shown.",
        "Le fichier original est absent ou illisible ; seules ses informations "
        "enregistrées sont présentées.",
    ),
    "annotation": ("Annotation", "Annotation"),
    "kind": ("Kind", "Type"),
    "shape": ("Shape", "Forme"),
    "transcription": ("Transcription", "Transcription"),
    "confidence": ("Confidence", "Confiance"),
    "catalog_match": ("Catalog match", "Correspondance au catalogue"),
    "no_match": ("none", "aucune"),
    "notes": ("Notes", "Notes"),
    "linked_claims": ("Linked claims", "Affirmations liées"),
    "shown_with": ("Crop shown with {what}.", "Détail présenté avec {what}."),
    "shown_unadjusted": ("Crop shown without adjustment.", "Détail présenté sans retouche."),
    "redacted": ("Redacted area: shown as a solid box in every image.",
                 "Zone masquée : aplat noir dans chaque image."),
    "no_annotations": ("No annotations on this photo.", "Aucune annotation sur cette photo."),
    "kind_col": ("Kind", "Type"),
    "coordinates": ("Coordinates", "Coordonnées"),
    "precision": ("Precision", "Précision"),
    "name": ("Name", "Nom"),
    "aliases": ("Also known as", "Autres noms"),
    "raw_text": ("As written in the source", "Tel qu'écrit dans la source"),
    "from_exif": ("Read from the GPS tags the camera wrote into the photo's EXIF data.",
                  "Lue dans les balises GPS que l'appareil a écrites dans les données EXIF "
                  "de la photo."),
    "linked": ("Linked to", "Lié à"),
    "no_locations": ("No locations are recorded.", "Aucun lieu n'est enregistré."),
    "map": ("Locator map", "Carte de situation"),
    "map_detail": ("Close-up of the points", "Détail des points"),
    "map_note": (
        "Basemap: {attribution}. Boundaries are shown for orientation only.",
        "Fond de carte : {attribution}. Les frontières ne sont indiquées qu'à titre de repère.",
    ),
    "no_sources": ("No sources are recorded.", "Aucune source n'est enregistrée."),
    "publisher": ("Publisher", "Éditeur"),
    "url": ("URL", "URL"),
    "language": ("Language", "Langue"),
    "published": ("Published", "Publiée le"),
    "retrieved": ("Retrieved", "Consultée le"),
    "captured_file": ("Captured file", "Fichier capturé"),
    "integrity": ("Integrity appendix", "Annexe d'intégrité"),
    "originals": ("Originals", "Originaux"),
    "audit_log": ("Audit log", "Journal d'audit"),
    "audit_head": ("Head hash of the audit log", "Empreinte de tête du journal d'audit"),
    "audit_count": ("{count} events; chain {state}.", "{count} événements ; chaîne {state}."),
    "chain_ok": ("verified intact", "vérifiée intacte"),
    "chain_broken": ("BROKEN at {n} event(s)", "ROMPUE en {n} événement(s)"),
    "audit_last": ("The last {n} of {count} events:", "Les {n} derniers événements sur {count} :"),
    "audit_all": ("All {count} events:", "Les {count} événements :"),
    "time": ("Time (UTC)", "Heure (UTC)"),
    "who": ("Who", "Qui"),
    "action": ("Action", "Action"),
    "object": ("Object", "Objet"),
    "hash": ("Hash", "Empreinte"),
    "how_to_verify": ("How to verify", "Comment vérifier"),
    "verify_text": (
        "1. Compute the SHA-256 of each original and compare it with the list above, for "
        "example with one of these commands:",
        "1. Calculez le SHA-256 de chaque original et comparez-le à la liste ci-dessus, par "
        "exemple avec l'une de ces commandes :",
    ),
    "verify_bag": (
        "2. If you received a BagIt bag of the case, validate it completely (every checksum):",
        "2. Si vous avez reçu un sac BagIt du dossier, validez-le entièrement (chaque somme) :",
    ),
    "verify_audit": (
        "3. Open the case in Fragment and run the verification: each audit event's hash covers "
        "the previous one, so any edit breaks the chain. The head hash must equal the one "
        "printed above:",
        "3. Ouvrez le dossier dans Fragment et lancez la vérification : l'empreinte de chaque "
        "événement couvre la précédente, toute modification rompt donc la chaîne. "
        "L'empreinte de tête doit être égale à celle imprimée ci-dessus :",
    ),
    "verify_pdf": (
        "4. The SHA-256 of this PDF file is recorded in the case's audit log when it is "
        "exported (action export.dossier).",
        "4. Le SHA-256 de ce fichier PDF est consigné dans le journal d'audit du dossier lors "
        "de l'export (action export.dossier).",
    ),
    "citations": ("Catalog citations used", "Références du catalogue utilisées"),
    "no_citations": ("No catalog entry was matched.",
                     "Aucune entrée du catalogue n'a été reconnue."),
    "page_of": ("Page {page} of {total}", "Page {page} sur {total}"),
    "none": ("—", "—"),
    "colon": (":", "\u202f:"),  # French puts a narrow no-break space before a colon
    # enum values
    "index_code": ("index code", "code d'index"),
    "serial_number": ("serial number", "numéro de série"),
    "lot_number": ("lot number", "numéro de lot"),
    "manufacturer_mark": ("manufacturer mark", "marque du fabricant"),
    "date_code": ("date code", "code de date"),
    "damage": ("damage feature", "dommage"),
    "scale_reference": ("scale reference", "référence d'échelle"),
    "redaction": ("redaction", "masquage"),
    "other": ("other", "autre"),
    "confirmed": ("confirmed", "confirmée"),
    "probable": ("probable", "probable"),
    "possible": ("possible", "possible"),
    "unverified": ("unverified", "non vérifiée"),
    "corroborated": ("corroborated", "corroborée"),
    "disputed": ("disputed", "contestée"),
    "refuted": ("refuted", "réfutée"),
    "supports": ("supports", "soutient"),
    "contradicts": ("contradicts", "contredit"),
    "context": ("context", "contexte"),
    "camera_loc": ("camera position (EXIF)", "position de l'appareil (EXIF)"),
    "claimed": ("claimed location", "lieu revendiqué"),
    "geolocated": ("analyst geolocation", "géolocalisation par l'analyste"),
    "rect": ("rectangle", "rectangle"),
    "polygon": ("polygon", "polygone"),
    "point": ("point", "point"),
}


def translator(language: str) -> Callable[..., str]:
    """``t("key", **values)`` in ``language``; unknown keys come back as the key itself."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported dossier language {language!r}; choose en or fr")
    index = LANGUAGES.index(language)

    def t(key: str, **values: object) -> str:
        pair = _TEXTS.get(key)
        text = pair[index] if pair else key
        return text.format(**values) if values else text

    return t
