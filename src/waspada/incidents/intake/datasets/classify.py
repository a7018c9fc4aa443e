"""What an outside dataset's event is in Waspada's taxonomy, and whether it is about an election
(docs/history.md, Types).

Every ACLED event type and sub-event type maps to one Waspada type (and sub-type where one fits); the
taxonomy's own mappings (taxonomy.yaml `mappings`) are followed where they exist and the rest is decided here,
so nothing is refused for its type. The type says what happened; whether it counts as an election incident is
decided by the event's own words: an event whose notes or tags speak of an election (Indonesian or English
words below) is election-related, every other one is a context event (`Incident.is_context`): kept for
baselines and the index, left out of election counts. Sub-event types with no Waspada equivalent (Agreement,
Arrests, Change to group/activity, ...) map to other_election/unclassified and, being non-violent political
events, are context unless their notes say otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from waspada.incidents.intake.datasets.names import fold

Mapped = tuple[str, str | None]  # (Waspada type code, sub-type code or None)

VIOLENCE, RIOT, ARMED = "violence_clash", "riot", "armed_attack"
UNCLASSIFIED: Mapped = ("other_election", "unclassified")

# ACLED (event type, sub-event type) -> Waspada; folded names (lower case, letters and digits only).
ACLED_SUB_EVENTS: dict[tuple[str, str], Mapped] = {
    ("battles", "armed clash"): (VIOLENCE, ARMED),
    ("battles", "government regains territory"): (VIOLENCE, ARMED),
    ("battles", "non state actor overtakes territory"): (VIOLENCE, ARMED),
    ("explosions remote violence", "chemical weapon"): (VIOLENCE, ARMED),
    ("explosions remote violence", "air drone strike"): (VIOLENCE, ARMED),
    ("explosions remote violence", "suicide bomb"): (VIOLENCE, ARMED),
    ("explosions remote violence", "shelling artillery missile attack"): (VIOLENCE, ARMED),
    ("explosions remote violence", "remote explosive landmine ied"): (VIOLENCE, ARMED),
    ("explosions remote violence", "grenade"): (VIOLENCE, ARMED),
    ("violence against civilians", "sexual violence"): (VIOLENCE, None),
    ("violence against civilians", "attack"): (VIOLENCE, None),
    ("violence against civilians", "abduction forced disappearance"): ("intimidation_threat", "abduction_detention"),
    ("protests", "peaceful protest"): ("protest_demonstration", None),
    ("protests", "protest with intervention"): ("protest_demonstration", "dispersed_protest"),
    ("protests", "excessive force against protesters"): ("protest_demonstration", "dispersed_protest"),
    ("protests", "excessive force against protestors"): ("protest_demonstration", "dispersed_protest"),
    ("riots", "violent demonstration"): (VIOLENCE, RIOT),
    ("riots", "mob violence"): (VIOLENCE, RIOT),
    ("strategic developments", "looting property destruction"): ("property_destruction", None),
    ("strategic developments", "agreement"): UNCLASSIFIED,
    ("strategic developments", "arrests"): UNCLASSIFIED,
    ("strategic developments", "change to group activity"): UNCLASSIFIED,
    ("strategic developments", "disrupted weapons use"): UNCLASSIFIED,
    ("strategic developments", "headquarters or base established"): UNCLASSIFIED,
    ("strategic developments", "non violent transfer of territory"): UNCLASSIFIED,
    ("strategic developments", "other"): UNCLASSIFIED,
}
# An event type given without its sub-event type (older exports, hand-trimmed files): the type most of its
# events fall under. Violence against civilians without a sub-type is an attack on civilians.
ACLED_EVENT_TYPES: dict[str, Mapped] = {
    "battles": (VIOLENCE, ARMED),
    "explosions remote violence": (VIOLENCE, ARMED),
    "violence against civilians": (VIOLENCE, None),
    "protests": ("protest_demonstration", None),
    "riots": (VIOLENCE, RIOT),
    "strategic developments": UNCLASSIFIED,
}
# UCDP GED type_of_violence: 1 state-based conflict, 2 non-state conflict, 3 one-sided violence.
UCDP_VIOLENCE: dict[int, Mapped] = {1: (VIOLENCE, ARMED), 2: (VIOLENCE, None), 3: (VIOLENCE, ARMED)}

# Words that make an event election-related, matched as whole words in the notes and tags (folded). Left out
# on purpose: "TPS" (also a rubbish dump, tempat pembuangan sementara), "PPK" (also a procurement officer),
# "campaigners" (environmental and labour campaigns).
ELECTION_WORDS = (
    # Indonesian
    "pemilu", "pemilukada", "pilkada", "pilpres", "pileg", "pilgub", "pilbup", "pilwalkot", "pilkades",
    "pemilihan umum", "pemilihan kepala daerah", "pemilihan presiden", "pemilihan legislatif",
    "pemungutan suara", "pemungutan suara ulang", "penghitungan suara", "rekapitulasi suara", "pencoblosan",
    "surat suara", "kotak suara", "kpu", "kpud", "bawaslu", "panwaslu", "panwascam", "kpps",
    "caleg", "capres", "cawapres", "cagub", "cawagub", "cabup", "cawabup", "cawalkot", "paslon",
    "kampanye", "politik uang", "serangan fajar", "tim sukses", "timses", "quick count", "hitung cepat",
    # English
    "election", "elections", "electoral", "by election", "re election", "polls", "polling",
    "polling station", "polling stations", "ballot", "ballots", "ballot box", "ballot boxes", "vote", "votes",
    "voted", "voter", "voters", "voting", "vote buying", "vote count", "recount", "candidate", "candidates",
    "candidacy", "campaign rally", "election campaign", "electoral commission",
    "election supervisory", "inauguration of the regent", "regional head election",
)  # fmt: skip
_ELECTION = re.compile(r"\b(?:" + "|".join(re.escape(word) for word in sorted(ELECTION_WORDS, key=len,
                                                                              reverse=True)) + r")\b")  # fmt: skip


def folded(text: str) -> str:
    return " ".join(fold(text))


@dataclass(frozen=True)
class Classified:
    event_type: str
    event_subtype: str | None
    election_related: bool
    election_word: str  # the word that made it election-related ("" for a context event)


class UnknownType(ValueError):
    """An event type (or pair) the mapping does not know: the message names it."""


def election_word(*texts: str) -> str:
    """The first election word in the texts, or ""."""
    for text in texts:
        found = _ELECTION.search(folded(text))
        if found:
            return found.group(0)
    return ""


def acled(event_type: str, sub_event_type: str, *texts: str) -> Classified:
    """Raise UnknownType for a type or sub-type ACLED's codebook does not have."""
    type_key, sub_key = folded(event_type), folded(sub_event_type)
    if sub_key:
        mapped = ACLED_SUB_EVENTS.get((type_key, sub_key))
        if mapped is None:
            raise UnknownType(f"{event_type} / {sub_event_type}")
    else:
        mapped = ACLED_EVENT_TYPES.get(type_key)
        if mapped is None:
            raise UnknownType(event_type)
    word = election_word(*texts)
    return Classified(mapped[0], mapped[1], bool(word), word)


def ucdp(type_of_violence: int, *texts: str) -> Classified:
    mapped = UCDP_VIOLENCE.get(type_of_violence)
    if mapped is None:
        raise UnknownType(str(type_of_violence))
    word = election_word(*texts)
    return Classified(mapped[0], mapped[1], bool(word), word)
