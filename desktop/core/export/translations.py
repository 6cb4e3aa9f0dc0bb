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
    "pixels_value": ("{width} × {height} pixels, {size} bytes",
                     "{width} × {height} pixels, {size} octets"),
    "thousands_sep": (",", "\u00a0"),
    "references": ("References", "Références"),
    "scale_bar_note": (
        "Scale bar from the scale reference {ref} ({reading}); it assumes the marking lies "
        "in the reference's plane.",
        "Barre d'échelle tirée de la référence d'échelle {ref} ({reading}) ; elle suppose "
        "que le marquage se trouve dans le plan de la référence."),
    "scale_bar_note_plane": (
        "Scale bar from the scale reference {ref} ({reading}, a rectangle whose corners "
        "give the plane it lies in), computed where the marking is; it holds on the "
        "reference's plane and is approximate away from it.",
        "Barre d'échelle tirée de la référence d'échelle {ref} ({reading}, un rectangle "
        "dont les coins donnent le plan où il se trouve), calculée à l'endroit du "
        "marquage ; elle vaut dans le plan de la référence et n'est qu'approchée hors "
        "de ce plan."),
    "video_frame": ("From a video", "Extraite d'une vidéo"),
    "frame_of_video": (
        "frame {index} at {time} of video {video} ({file}, SHA-256 {short})",
        "image {index} à {time} de la vidéo {video} ({file}, SHA-256 {short})"),
    "video_sha256": ("Video {video} SHA-256", "SHA-256 vidéo {video}"),
    "frame_sha256": ("Decoded-frame SHA-256 ({fmt})", "SHA-256 image décodée ({fmt})"),
    "videos": ("Videos and their frames", "Vidéos et leurs images"),
    "videos_intro": (
        "Some photos of this dossier are frames saved from videos. Each frame is numbered "
        "from 0 in decoding order from the start of the video's first video stream; its "
        "identity is the SHA-256 of its decoded planes, which every FFmpeg build reproduces "
        "bit for bit from the same video.",
        "Certaines photos de ce dossier sont des images extraites de vidéos. Chaque image est "
        "numérotée à partir de 0 dans l'ordre de décodage depuis le début du premier flux "
        "vidéo ; son identité est le SHA-256 de ses plans décodés, que toute version de FFmpeg "
        "reproduit à l'identique à partir de la même vidéo."),
    "videos_how": (
        "To check a frame, hash the video (sha256sum) and compare with its SHA-256 below, "
        "then run the frame's command with FFmpeg (from the folder that contains the bag "
        "{bag}, or with the video's own file): it extracts the frame again and prints the "
        "SHA-256 of its planes, which must equal the frame's.",
        "Pour vérifier une image, calculez le SHA-256 de la vidéo (sha256sum) et comparez-le "
        "avec celui indiqué ci-dessous, puis lancez la commande de l'image avec FFmpeg (depuis "
        "le dossier qui contient le sac {bag}, ou avec le fichier vidéo lui-même) : elle "
        "extrait l'image à nouveau et affiche le SHA-256 de ses plans, qui doit être égal à "
        "celui de l'image."),
    "videos_verify": (
        "fragment verify CASE.fragment does the same for every saved frame: it re-hashes "
        "each video and decodes every frame again.",
        "fragment verify CASE.fragment fait de même pour chaque image enregistrée : il "
        "recalcule le SHA-256 de chaque vidéo et décode à nouveau chaque image."),
    "printed_small": (
        "Printed at {ppi} ppi, smaller than the page allows: the original has only "
        "{width} × {height} pixels.",
        "Imprimée à {ppi} ppp, plus petite que la page ne le permet : l'original ne compte "
        "que {width} × {height} pixels."),
    "no_references": ("No catalog citation or source with a web address.",
                      "Aucune citation du catalogue ni source avec une adresse web."),
    "fonts_credit": (
        "Fonts: DejaVu Sans and DejaVu Sans Mono (DejaVu fonts licence); Noto Sans Arabic, "
        "Hebrew and Symbols 2 (SIL Open Font License 1.1). All emojis designed by OpenMoji – "
        "the open-source emoji and icon project. License: CC BY-SA 4.0.",
        "Polices : DejaVu Sans et DejaVu Sans Mono (licence des polices DejaVu) ; Noto Sans "
        "Arabic, Hebrew et Symbols 2 (SIL Open Font License 1.1). Tous les emojis ont été "
        "dessinés par OpenMoji – le projet open source d'emojis et d'icônes. Licence : "
        "CC BY-SA 4.0."),
    "unknown": ("unknown", "inconnu"),
    "about": ("about", "concerne"),
    "government": ("government", "gouvernement"),
    "ministry": ("ministry", "ministère"),
    "agency": ("agency", "agence"),
    "official": ("official", "responsable officiel"),
    "military": ("military", "armée"),
    "media": ("media", "média"),
    "ngo": ("NGO", "ONG"),
    "name_not_given": ("not given (no investigator name was set)",
                       "non renseigné (aucun nom d'enquêteur n'a été donné)"),
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
        "Originals are identified by their SHA-256. Images in this dossier are downscaled "
        "copies for printing; redacted areas are shown as solid boxes, and the readings and "
        "notes of annotations under them are withheld. The integrity appendix explains how "
        "to check every file and the audit log yourself.",
        "Les originaux sont identifiés par leur SHA-256. Les images de ce dossier sont des "
        "copies réduites pour l'impression ; les zones masquées apparaissent en aplats noirs, "
        "et les lectures et notes des annotations qu'elles couvrent ne sont pas publiées. "
        "L'annexe d'intégrité explique comment vérifier vous-même chaque fichier et le "
        "journal d'audit.",
    ),
    "checked_note": (
        "Checked on {when}, just before this dossier was made: all {originals} originals of "
        "the case were re-hashed and matched their recorded SHA-256, the audit chain of "
        "{events} events recomputed without a break, and every record matched the state its "
        "last audit event recorded.",
        "Vérifié le {when}, juste avant la création de ce dossier : les {originals} originaux "
        "du dossier ont été recalculés et correspondent à leur SHA-256 enregistré, la chaîne "
        "d'audit de {events} événements a été recalculée sans rupture, et chaque "
        "enregistrement correspond à l'état consigné par son dernier événement d'audit.",
    ),
    "unchecked_note": (
        "This dossier was made without checking the case first: nothing is said here about "
        "whether the originals or the records were altered.",
        "Ce dossier a été créé sans vérification préalable : il n'affirme rien sur "
        "l'éventuelle modification des originaux ou des enregistrements.",
    ),
    "pdf_subject": (
        "Evidence dossier; audit log head {head} ({count} events)",
        "Dossier de preuves ; tête du journal d'audit {head} ({count} événements)",
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
    "tags": ("Tags", "Étiquettes"),
    "photo_notes": ("Notes", "Notes"),
    "found_at": ("Found at", "Trouvée à"),
    "provenance": ("Provenance", "Provenance"),
    "taken_by": ("Taken by", "Prise par"),
    "provided_by": ("Provided by", "Fournie par"),
    "acquisition": ("How obtained", "Mode d'obtention"),
    "original_url": ("Original URL", "URL d'origine"),
    "obtained_at": ("Obtained at", "Obtenue le"),
    "provenance_source": ("Source", "Source"),
    "not_recorded": ("not recorded", "non renseigné"),
    "received": ("received from someone", "reçue d'un tiers"),
    "downloaded": ("downloaded", "téléchargée"),
    "taken_by_team": ("taken by the investigation team", "prise par l'équipe d'enquête"),
    "photo_missing": (
        "The original file is missing from the case or cannot be decoded; only its "
        "recorded details are shown.",
        "Le fichier original est absent ou illisible ; seules ses informations "
        "enregistrées sont présentées.",
    ),
    "annotation": ("Annotation", "Annotation"),
    "kind": ("Kind", "Type"),
    "shape": ("Shape", "Forme"),
    "transcription": ("Reading", "Lecture"),
    "confidence": ("Confidence", "Confiance"),
    "catalog_match": ("Catalog match", "Correspondance au catalogue"),
    "no_match": ("none", "aucune"),
    "notes": ("Notes", "Notes"),
    "linked_claims": ("Linked claims", "Affirmations liées"),
    "shown_with": ("Crop shown with {what}.", "Détail présenté avec {what}."),
    "shown_unadjusted": ("Crop shown without adjustment.", "Détail présenté sans retouche."),
    "redacted": ("Redacted area: shown as a solid box in every image; its notes are withheld.",
                 "Zone masquée : aplat noir dans chaque image ; ses notes ne sont pas publiées."),
    "withheld": (
        "Withheld: covered by a redaction. Its reading, notes, catalog match and crop are not "
        "printed.",
        "Non publiée : couverte par un masquage. Sa lecture, ses notes, sa correspondance au "
        "catalogue et son détail ne sont pas imprimés.",
    ),
    "withheld_short": ("withheld: covered by a redaction", "non publiée : sous un masquage"),
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
    "near": ("Near", "Près de"),
    "near_text": ("{distance} {direction} of {name} (Natural Earth populated places)",
                  "{distance} au {direction} de {name} (localités de Natural Earth)"),
    "map_imagery": ("Close-up drawn on the case's offline basemap “{name}”: {credit}.",
                    "Détail dessiné sur le fond de carte hors ligne du dossier « {name} » : "
                    "{credit}."),
    "no_attribution": ("the file names no source or licence",
                       "le fichier n’indique ni source ni licence"),
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
    "found_in": ("found in {source}, {place}: “{quote}”",
                 "relevé dans {source}, {place} : « {quote} »"),
    "cited": ("Cited", "Cité"),
    "cited_in_source": ("Found in this source", "Relevé dans cette source"),
    "cite_place": ("{place} of the {origin}", "{place} du {origin}"),
    "cite_file": ("attached file", "fichier joint"),
    "cite_text": ("captured text", "texte capturé"),
    "integrity": ("Integrity appendix", "Annexe d'intégrité"),
    "originals": ("Originals", "Originaux"),
    "audit_log": ("Audit log", "Journal d'audit"),
    "audit_head": ("Head hash of the audit log", "Empreinte de tête du journal d'audit"),
    "audit_count": ("{count} events; chain {state}.", "{count} événements ; chaîne {state}."),
    "chain_ok": ("verified intact", "vérifiée intacte"),
    "chain_broken": ("BROKEN at {n} event(s)", "ROMPUE en {n} événement(s)"),
    "audit_last": ("The last {n} of {count} events:", "Les {n} derniers événements sur {count} :"),
    "audit_all": ("All {count} events:", "Les {count} événements :"),
    "audit_attached": (
        "The whole log ({count} events, oldest first, with each event's hash and the hash "
        "before it) is attached to this PDF as the file {file}: open your PDF reader's "
        "attachments pane to save it.",
        "Le journal complet ({count} événements, du plus ancien au plus récent, avec le "
        "hachage de chaque événement et celui qui le précède) est joint à ce PDF sous le nom "
        "{file} : ouvrez le panneau des pièces jointes de votre lecteur PDF pour "
        "l'enregistrer."),
    "log_file_description": (
        "The case's whole audit log ({count} events) as CSV, oldest first",
        "Le journal d'audit complet du dossier ({count} événements) en CSV, du plus ancien "
        "au plus récent"),
    "time": ("Time (UTC)", "Heure (UTC)"),
    "who": ("Who", "Qui"),
    "action": ("Action", "Action"),
    "object": ("Object", "Objet"),
    "hash": ("Hash", "Empreinte"),
    "how_to_verify": ("How to verify", "Comment vérifier"),
    "verify_intro": (
        "When this dossier was made, the head of the case's audit log was {head} and the log "
        "held {count} events. Keep this hash: with it you can check that the log was not cut, "
        "rolled back or rebuilt since. Run these commands from the folder that contains the "
        "bag you received with this dossier (Fragment installed, or only Python for step 3):",
        "À la création de ce dossier, la tête du journal d'audit était {head} et le journal "
        "comptait {count} événements. Conservez cette empreinte : elle permet de vérifier que "
        "le journal n'a été ni tronqué, ni restauré à une version antérieure, ni reconstruit "
        "depuis. Lancez ces commandes depuis le dossier qui contient le sac reçu avec ce "
        "dossier (Fragment installé, ou seulement Python pour l'étape 3) :",
    ),
    "verify_bag_name": (
        "BAG stands for the folder name of the bag.",
        "BAG désigne le nom du dossier du sac.",
    ),
    "verify_step_bag": (
        "1. Check every file of the bag against its manifests, then the case inside it: each "
        "original against its SHA-256, the audit chain, and every record against the state "
        "its last audit event recorded. The head above must still be in the log:",
        "1. Vérifiez chaque fichier du sac par rapport à ses manifestes, puis le dossier "
        "qu'il contient : chaque original par rapport à son SHA-256, la chaîne d'audit, et "
        "chaque enregistrement par rapport à l'état consigné par son dernier événement :",
    ),
    "verify_step_pdf": (
        "2. Check that this PDF is the dossier the log recorded: the export.dossier event "
        "gives its SHA-256, which must equal the file's (macOS: shasum -a 256, Windows: "
        "certutil -hashfile FILE SHA256):",
        "2. Vérifiez que ce PDF est celui que le journal a consigné : l'événement "
        "export.dossier donne son SHA-256, qui doit être égal à celui du fichier (macOS : "
        "shasum -a 256, Windows : certutil -hashfile FICHIER SHA256) :",
    ),
    "verify_step_script": (
        "3. Without Fragment: the bag carries a short script that recomputes the chain and "
        "every record's digest (Python 3 and the rfc8785 package):",
        "3. Sans Fragment : le sac contient un court script qui recalcule la chaîne et "
        "l'empreinte de chaque enregistrement (Python 3 et le paquet rfc8785) :",
    ),
    "verify_step_case": (
        "4. If you hold the case folder itself rather than a bag:",
        "4. Si vous disposez du dossier de l'affaire plutôt que d'un sac :",
    ),
    "verify_limits": (
        "The case alone reveals changed, missing or swapped originals, records edited outside "
        "Fragment, and edited, inserted or reordered audit events. Deleting the newest events, "
        "restoring an older copy of the database, or rewriting everything and recomputing the "
        "chain can only be detected with a head kept elsewhere, such as the one printed here.",
        "Le dossier seul révèle les originaux modifiés, manquants ou échangés, les "
        "enregistrements modifiés hors de Fragment, et les événements d'audit modifiés, "
        "insérés ou réordonnés. La suppression des derniers événements, la restauration "
        "d'une ancienne copie de la base, ou la réécriture complète avec une chaîne "
        "recalculée ne se détectent qu'avec une tête conservée ailleurs, comme celle "
        "imprimée ici.",
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
    "line": ("line", "ligne"),
    "polyline": ("polyline", "ligne brisée"),
    "circle": ("circle", "cercle"),
    "measurement": ("measurement", "mesure"),
    "m_value": ("Measured", "Mesure"),
    "m_value_text": ("{value} (standard uncertainty, one sigma)",
                     "{value} (incertitude-type, un écart-type)"),
    "m_pixels": ("{pixels} px: no usable scale reference on this photo",
                 "{pixels} px : aucune référence d'échelle utilisable sur cette photo"),
    "m_not_measured": ("cannot be computed against {ref}: its points are degenerate",
                       "incalculable avec {ref} : ses points sont dégénérés"),
    "m_reference": ("Reference used", "Référence utilisée"),
    "m_gives": ("Scale reference", "Référence d'échelle"),
    "m_gives_plane": ("{size}; corner 1 to 2 is its {side} side",
                      "{size} ; du coin 1 au coin 2 : son côté de {side}"),
    "m_gives_nothing": ("not usable: its reading is not a length or size its shape can take",
                        "inutilisable : sa lecture n'est pas une longueur ou une taille que "
                        "sa forme peut porter"),
    "m_ref_line": ("line reference {ref} “{reading}”", "référence linéaire {ref} « {reading} »"),
    "m_ref_plane": ("plane of {ref} “{reading}”, rectified; corner 1 to 2 is its {side} side",
                    "plan de {ref} « {reading} », redressé ; du coin 1 au coin 2 : son côté "
                    "de {side}"),
    "m_choice_only": ("the photo's only usable scale reference",
                      "la seule référence d'échelle utilisable de la photo"),
    "m_choice_on_plane": ("the measurement lies on its plane", "la mesure se trouve dans son plan"),
    "m_choice_near_plane": ("the measurement lies near its plane",
                            "la mesure se trouve près de son plan"),
    "m_choice_nearest_line": ("the nearest of {count} line references",
                              "la plus proche de {count} références linéaires"),
    "m_choice_nearest_plane": (
        "the nearest of {count} plane references; the measurement lies off every plane",
        "la plus proche de {count} références planes ; la mesure est hors de tous les plans"),
    "m_pointing": ("Pointing error", "Erreur de pointé"),
    "m_pointing_value": ("{px} px (fixed) per point, propagated to the uncertainty",
                         "{px} px (fixe) par point, propagée à l'incertitude"),
    "m_caveat": ("Caveat", "Réserve"),
    "mw_far_from_reference": (
        "The measured object is far from the scale reference; if it is not at the same "
        "distance from the camera, the error can be larger than stated.",
        "L'objet mesuré est loin de la référence d'échelle ; s'il n'est pas à la même "
        "distance de l'appareil, l'erreur peut dépasser celle indiquée."),
    "mw_line_in_one_plane": (
        "A line reference assumes the object and the reference face the camera in one plane; "
        "a rectangle reference corrects for viewing angle.",
        "Une référence linéaire suppose que l'objet et la référence font face à l'appareil "
        "dans un même plan ; une référence rectangulaire corrige l'angle de vue."),
    "mw_foreshortened": (
        "The plane is strongly foreshortened here: small pointing errors weigh heavily.",
        "Le plan est fortement raccourci ici : de petites erreurs de pointé pèsent lourd."),
    "mw_in_the_plane": (
        "Lengths are rectified in the reference's plane: the measured edge must lie in that "
        "plane (the card laid against the fragment).",
        "Les longueurs sont redressées dans le plan de la référence : le bord mesuré doit se "
        "trouver dans ce plan (la carte posée contre le fragment)."),
    "mw_no_reference": ("The photo has no scale reference: the length is in pixels.",
                        "La photo n'a pas de référence d'échelle : la longueur est en pixels."),
    "mw_no_usable_reference": (
        "No scale reference of the photo can be used: the length is in pixels.",
        "Aucune référence d'échelle de la photo n'est utilisable : la longueur est en pixels."),
    "mw_reference_problem": (
        "A scale reference's reading cannot be used (a length such as “10 cm” or a size such "
        "as “A4” or “210 x 297 mm” is needed).",
        "La lecture d'une référence d'échelle est inutilisable (il faut une longueur comme "
        "« 10 cm » ou un format comme « A4 » ou « 210 x 297 mm »)."),
    "m_catalog": ("Catalog", "Catalogue"),
    "m_consistent": (
        "consistent with the {code} {feature} of {published} (difference {difference}, "
        "allowed {allowed}: twice the combined uncertainty)",
        "compatible avec la dimension « {feature} » du {code}, {published} (écart "
        "{difference}, toléré {allowed} : deux fois l'incertitude combinée)"),
    "m_not_consistent": (
        "not consistent with the {code} {feature} of {published} (difference {difference}, "
        "allowed {allowed}: twice the combined uncertainty)",
        "incompatible avec la dimension « {feature} » du {code}, {published} (écart "
        "{difference}, toléré {allowed} : deux fois l'incertitude combinée)"),
    "m_published_in": ("Published in", "Publiée dans"),
    "mc_no_feature": (
        "not compared: the reading does not say what was measured (such as “body diameter”)",
        "non comparée : la lecture ne dit pas ce qui a été mesuré (par exemple « body "
        "diameter »)"),
    "mc_no_munition": (
        "not compared: no munition is named in the reading or matched by a marking on the "
        "photo",
        "non comparée : aucune munition n'est nommée dans la lecture ni reconnue dans un "
        "marquage de la photo"),
    "mc_no_dimension": (
        "not compared: the catalog gives no “{feature}” for {codes} (it gives: {listed})",
        "non comparée : le catalogue ne donne pas « {feature} » pour {codes} (il donne : "
        "{listed})"),
    "mc_no_value": ("not compared: without a scale reference the length is in pixels",
                    "non comparée : sans référence d'échelle la longueur est en pixels"),
    "mc_withheld": ("withheld under a redaction", "retenue sous un masquage"),
}


def fixed_texts(language: str) -> dict[str, str]:
    """Every fixed text of the dossier in ``language`` (for the completeness test)."""
    index = LANGUAGES.index(language)
    return {key: pair[index] for key, pair in _TEXTS.items()}


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
