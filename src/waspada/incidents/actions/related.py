"""An incident's actors and sources, checked and built (not saved): informants encrypted, and each source keyed
so that the same article or the same informant counts once towards corroboration."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from waspada.incidents import crypto, refcache
from waspada.incidents.inputs import ActorInput, SourceInput
from waspada.incidents.models import PERSON_KINDS, ActorSide, IncidentActor, IncidentSource, Reliability, SourceKind
from waspada.nlp.text import norm_key

MAX_URL = 500  # IncidentSource.url


def choice(value: Any, choices: Any, field: str, errors: dict[str, str], default: str = "") -> str:
    """A value of a TextChoices (or `default` when empty), or an error naming the choices."""
    if value in (None, ""):
        return default
    if value not in choices.values:
        errors[field] = _("Choose one of: %(choices)s.") % {"choices": ", ".join(choices.values)}
        return default
    return str(value)


def actors(items: Iterable[ActorInput], errors: dict[str, str]) -> list[IncidentActor]:
    items = list(items)
    if not items:
        return []
    known = refcache.known_actor_types({str(item.actor_type or "") for item in items})
    built = []
    for index, item in enumerate(items):
        code = str(item.actor_type or "")
        if code not in known:
            errors[f"actors.{index}.actor_type"] = _("Unknown actor type %(code)s.") % {"code": code}
        side = choice(item.side, ActorSide, f"actors.{index}.side", errors, ActorSide.INITIATOR)
        built.append(IncidentActor(actor_type_id=code, side=side, name=str(item.name or "").strip()[:200]))
    return built


def sources(items: Iterable[SourceInput], errors: dict[str, str], field: str) -> list[IncidentSource]:
    """`field` names the list in errors: "sources" on a create, "add_sources" on a PATCH."""
    built = []
    for index, item in enumerate(items):
        where = f"{field}.{index}"
        kind = choice(item.kind, SourceKind, f"{where}.kind", errors, "")
        if not kind and f"{where}.kind" not in errors:
            errors[f"{where}.kind"] = _("Choose the kind of source.")
        reliability = choice(item.reliability, Reliability, f"{where}.reliability", errors, Reliability.F)
        url = str(item.url or "").strip()
        if len(url) > MAX_URL:
            errors[f"{where}.url"] = _("Keep the web address to %(max)d characters or fewer.") % {"max": MAX_URL}
        elif url and not url.lower().startswith(("http://", "https://")):
            errors[f"{where}.url"] = _("Give a full web address starting with http:// or https://.")
        if kind == SourceKind.MEDIA and not url:
            errors[f"{where}.url"] = _("A media source needs the article's URL.")
        informant_name = str(item.informant_name or "").strip()
        informant_contact = str(item.informant_contact or "").strip()
        anonymous = bool(item.anonymous)
        if (informant_name or informant_contact) and kind and kind not in PERSON_KINDS:
            errors[f"{where}.informant_name"] = _("Only a person (field officer, FKDM, public) has an informant.")
        if anonymous and (informant_name or informant_contact):
            errors[f"{where}.anonymous"] = _("An anonymous source has no name or contact.")
        name = str(item.name or "").strip()[:200]
        built.append(IncidentSource(
            kind=kind, reliability=reliability, name=name, url=url, anonymous=anonymous,
            informant_name_enc=crypto.encrypt(informant_name[:200]),
            informant_contact_enc=crypto.encrypt(informant_contact[:200]),
            independence_key=_independence_key(kind, name, url, f"{informant_name}|{informant_contact}".strip("|")),
        ))  # fmt: skip
    return built


def _independence_key(kind: str, name: str, url: str, informant: str) -> str:
    if url:
        parts = urlsplit(url.strip().lower())
        basis = f"url:{parts.netloc.removeprefix('www.')}{parts.path.rstrip('/')}"
    elif informant:
        basis = f"person:{norm_key(informant)}"
    elif name and kind not in PERSON_KINDS:
        basis = f"{kind}:{norm_key(name)}"
    else:
        return f"u:{uuid.uuid4().hex}"  # an anonymous person: independent of every other source
    # Keyed, so the stored key does not let anyone test guesses of an informant's name.
    return hmac.new(settings.SECRET_KEY.encode(), basis.encode(), hashlib.sha256).hexdigest()
