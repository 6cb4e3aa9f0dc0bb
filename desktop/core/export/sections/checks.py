"""Verification checks: what was checked, against what and when, every finding on the
photos of the dossier with its review, and what the checks cannot prove."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from desktop.core.export.blocks import Context, Heading, cell, field, fmt_date, grid
from desktop.core.export.paragraph import Paragraph
from desktop.core.export.styles import Styles
from desktop.core.export.text import para_text
from desktop.core.queries.checks import FindingRow
from desktop.core.queries.dossier import DossierData

ROWS_PER_TABLE = 25  # page-sized tables: one huge table is re-split page after page

_TEXTS: dict[str, tuple[str, str]] = {
    "title": ("Verification checks", "Vérifications"),
    "what": (
        "Every photo was checked offline, without any web service: perceptual hash against "
        "the other photos of the case and the reference collections below (reuse of an "
        "older picture); content credentials (C2PA: signer, declared edits, validation); "
        "the embedded EXIF thumbnail against the image; editing software, modification "
        "and capture dates, time zones and GPS time; metadata removed as messaging apps "
        "do; capture date against the claims a photo is linked to; GPS position against "
        "the places it is said to show; the sun's position at capture.",
        "Chaque photo a été vérifiée hors ligne, sans service web : empreinte perceptuelle "
        "comparée aux autres photos du dossier et aux collections de référence ci-dessous "
        "(réutilisation d'une image ancienne) ; identifiants de contenu (C2PA : signataire, "
        "modifications déclarées, validation) ; vignette EXIF comparée à l'image ; logiciel "
        "de retouche, dates de modification et de prise de vue, fuseaux horaires et heure "
        "GPS ; métadonnées supprimées comme le font les messageries ; date de prise de vue "
        "comparée aux affirmations liées ; position GPS comparée aux lieux affirmés ; "
        "position du soleil à la prise de vue."),
    "limits": (
        "Limits: a finding is a question for the investigator, not a conclusion, and each "
        "says what it does not prove. No finding is not proof of authenticity: metadata "
        "can be rewritten consistently, a picture never published in the reference "
        "collections may still have been published elsewhere, and most genuine photos "
        "carry no content credentials.",
        "Limites : un constat est une question pour l'enquêteur, non une conclusion, et "
        "chacun dit ce qu'il ne prouve pas. L'absence de constat ne prouve pas "
        "l'authenticité : les métadonnées peuvent être réécrites de façon cohérente, une "
        "image absente des collections de référence peut avoir été publiée ailleurs, et la "
        "plupart des photos authentiques ne portent pas d'identifiants de contenu."),
    "when": ("Findings last updated", "Constats mis à jour le"),
    "by": ("by", "par"),
    "never": ("never: the checks were not run on this case", "jamais : vérifications non faites"),
    "coverage": ("Coverage", "Couverture"),
    "coverage_value": ("{hashed} of {photos} photos hashed; {creds} carry content "
                       "credentials (the others carry none, as most cameras and every "
                       "messaging app write none)",
                       "{hashed} photos sur {photos} analysées ; {creds} portent des "
                       "identifiants de contenu (les autres n'en portent pas, comme la "
                       "plupart des appareils et toutes les messageries)"),
    "references": ("Reference collections", "Collections de référence"),
    "no_references": ("None registered: reuse was checked only within the case.",
                      "Aucune : la réutilisation n'a été vérifiée qu'au sein du dossier."),
    "ref_row": ("{name} ({kind}, {count} images, indexed {when}; index SHA-256 {digest})",
                "{name} ({kind}, {count} images, indexée le {when} ; SHA-256 de l'index "
                "{digest})"),
    "counts": ("{warning} warnings, {notice} notices, {info} for information.",
               "{warning} alertes, {notice} remarques, {info} pour information."),
    "none": ("No findings on the photos of this dossier.",
             "Aucun constat sur les photos de ce dossier."),
    "photo": ("Photo", "Photo"),
    "severity": ("Severity", "Gravité"),
    "check": ("Check", "Vérification"),
    "finding": ("Finding", "Constat"),
    "review": ("Review", "Revue"),
    "reviewed": ("reviewed", "revu"),
    "warning": ("warning", "alerte"),
    "notice": ("notice", "remarque"),
    "info": ("info", "info"),
}


def checks(data: DossierData, ctx: Context) -> list[Flowable]:
    """The "Checks" section (nothing when the export carries no checks data)."""
    overview = data.checks
    if overview is None:
        return []
    lang = 1 if data.options.language == "fr" else 0

    def t(key: str, **values: object) -> str:
        text = _TEXTS[key][lang]
        return text.format(**values) if values else text

    s = ctx.styles
    out: list[Flowable] = [Heading(t("title"), s.h1, level=0, key="checks"),
                           Paragraph(para_text(t("what")), s.body)]
    when = (f"{fmt_date(overview.last_run, with_time=True)} {t('by')} {overview.last_run_by}"
            if overview.last_run else t("never"))
    out.append(field(t("when"), when, s))
    out.append(field(t("coverage"), t("coverage_value", hashed=overview.fingerprinted,
                                      photos=overview.photos,
                                      creds=overview.with_credentials), s))
    refs = [t("ref_row", name=r.name, kind=r.kind, count=r.image_count,
              when=fmt_date(r.indexed_at), digest=r.index_digest) for r in overview.references]
    out.append(field(t("references"), "; ".join(refs) or t("no_references"), s))
    out.append(Paragraph(para_text(t("limits")), s.muted))
    out.append(Spacer(1, 3 * mm))
    # "No credentials" is the usual case: the coverage line says it once for all photos.
    rows = [r for r in overview.findings if not (r.kind == "credentials" and not r.details)]
    counts = {k: sum(1 for r in rows if r.severity == k) for k in ("warning", "notice", "info")}
    out.append(Paragraph(para_text(t("counts", **counts) if rows else t("none")), s.body))
    w = ctx.frame_width
    widths = [13 * mm, 17 * mm, 30 * mm, w - 60 * mm - 26 * mm, 26 * mm]
    ordered = sorted(rows, key=lambda r: (r.photo_id, _rank(r), r.id))
    for start in range(0, len(ordered), ROWS_PER_TABLE):
        table = [[cell(h, s, bold=True) for h in (t("photo"), t("severity"), t("check"),
                                                  t("finding"), t("review"))]]
        table += [_row(r, s, t) for r in ordered[start:start + ROWS_PER_TABLE]]
        out.append(grid(table, widths))
    out.append(PageBreak())
    return out


def _rank(row: FindingRow) -> int:
    return {"warning": 0, "notice": 1}.get(row.severity, 2)


def _row(r: FindingRow, s: Styles, t: Callable[..., str]) -> list[object]:
    review = t("reviewed") if r.reviewed else ""
    if r.review_note:
        review = f"{review}: {r.review_note}" if review else r.review_note
    severity = t(r.severity) if r.severity in ("warning", "notice", "info") else r.severity
    return [cell(r.photo_label, s, bold=True), cell(severity, s),
            cell(r.kind.replace("_", " "), s), cell(r.explanation, s, limit=900),
            cell(review, s, limit=300)]
