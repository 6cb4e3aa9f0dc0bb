"""Content credentials (C2PA): who signed the file, with what, which edits it declares,
and whether the signature and the hashes still hold. Read offline: fetching remote
manifests and certificate status (OCSP) is switched off.

``c2pa-python`` is optional (the ``c2pa`` extra): without it credentials are not read and
the findings say so. A file whose structure shows no manifest is not handed to the reader
(nor is the reader imported): it has no credentials, whether the reader is installed or not.
"""

from __future__ import annotations

import io
import json
from functools import cache
from typing import Any

from desktop.core.checks.manifest_sniff import may_have_manifest

_SETTINGS = {"verify": {"remote_manifest_fetch": False, "ocsp_fetch": False}}
AI_SOURCE_TYPES = ("trainedAlgorithmicMedia", "compositeWithTrainedAlgorithmicMedia",
                   "algorithmicMedia", "compositeSynthetic")
_MAX_LIST = 20
NOT_INSTALLED = "content credentials not read (the c2pa extra is not installed)"


@cache
def _context() -> Any:
    import c2pa  # optional extra

    return c2pa.Context(c2pa.Settings.from_json(json.dumps(_SETTINGS)))


def credentials_available() -> bool:
    """True when the C2PA reader is installed."""
    try:
        _context()
    except Exception:
        return False
    return True


def read_credentials(data: bytes, mime: str) -> tuple[dict[str, Any] | None, str]:
    """(summary, "") for a file with a manifest, (None, "") without one, (None, reason)
    when the reader is missing or failed.

    The reader is imported and run only when the file's structure shows a manifest
    (``may_have_manifest``): most photos have none, and importing it costs about 0.1 s in
    each import worker."""
    if not may_have_manifest(data):
        return None, ""
    try:
        import c2pa
    except ImportError:
        return None, NOT_INSTALLED
    try:
        reader = c2pa.Reader.try_create(mime, io.BytesIO(data), context=_context())
        if reader is None:
            return None, ""
        with reader:
            store = json.loads(reader.json())
    except Exception as exc:  # a hostile manifest can fail the reader in any way
        return {"state": "Unreadable", "error": str(exc)[:300]}, ""
    return summarise(store), ""


def summarise(store: dict[str, Any]) -> dict[str, Any]:
    """The parts of a C2PA manifest store an investigator reads, as plain JSON."""
    manifests = store.get("manifests") or {}
    active = manifests.get(store.get("active_manifest") or "") or {}
    signature = active.get("signature_info") or {}
    generators = [" ".join(str(g.get(k, "")) for k in ("name", "version")).strip()
                  for g in active.get("claim_generator_info") or [] if isinstance(g, dict)]
    actions: list[dict[str, str]] = []
    for assertion in active.get("assertions") or []:
        if str(assertion.get("label", "")).startswith("c2pa.actions"):
            for action in (assertion.get("data") or {}).get("actions") or []:
                actions.append({"action": str(action.get("action", "")),
                                "source_type": str(action.get("digitalSourceType", "")),
                                "software": _agent(action)})
    failures = [{"code": str(s.get("code", "")), "explanation": str(s.get("explanation", ""))}
                for s in store.get("validation_status") or []]
    return {
        "state": str(store.get("validation_state") or "Unknown"),
        "signer": str(signature.get("common_name") or ""),
        "issuer": str(signature.get("issuer") or ""),
        "signed_at": str(signature.get("time") or ""),
        "claim_generator": ", ".join(g for g in generators if g)
                           or str(active.get("claim_generator") or ""),
        "title": str(active.get("title") or ""),
        "actions": actions[:_MAX_LIST],
        "ingredients": [str(i.get("title") or "") for i in active.get("ingredients") or []
                        ][:_MAX_LIST],
        "ai_generated": any(a["source_type"].endswith(AI_SOURCE_TYPES) for a in actions),
        "failures": failures[:_MAX_LIST],
        "manifests": len(manifests),
    }


def _agent(action: dict[str, Any]) -> str:
    agent = action.get("softwareAgent")
    if isinstance(agent, dict):
        return str(agent.get("name") or "")
    return str(agent or "")
