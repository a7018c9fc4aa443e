"""The map's numbers, counted in the database over exactly the rows the incident list shows.

Everything starts from `selectors.incidents_for(user, flt)` (scope, sensitivity, filters), stripped of the list's
select_related/prefetch and ordering, then grouped with one GROUP BY: never a Python loop over incidents.
- Counts per kab/kota include redacted rows (their kab/kota is what redaction leaves visible), so the map's
  number for a kab/kota is the list's row count for region=<that kab/kota> with the same filters.
- Counts per kecamatan (the choropleth of a kab/kota or of a place inside one) come only from rows the user reads
  in full and that are placed in a kecamatan or a desa: redaction hides the place below the kab/kota. What the
  kab/kota counts and no kecamatan does is `kecamatan_unplaced` (placed only to the kab/kota, or restricted).
- Points come only from rows the user reads in full, with a precise enough place (exact, near a named place):
  a redacted row never gives a point. Viewers get them blurred like the API's incident JSON does.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, QuerySet
from django.db.models.functions import Lower, Round, Substr

from waspada.core.scope import Role, code_within, scope_of
from waspada.incidents import access
from waspada.incidents.maps.breaks import class_breaks
from waspada.incidents.models import GeoPrecision, Incident, IncidentStage
from waspada.incidents.selectors import IncidentFilter, incidents_for
from waspada.incidents.serialize import VIEWER_DECIMALS

POINT_PRECISIONS = (GeoPrecision.EXACT, GeoPrecision.NEAR_PLACE)
POINT_CAP = 5000  # newest first; the answer says when more exist
POINT_DECIMALS = 4  # about 11 m, plenty for a map; more digits only weigh on a slow link (the detail has all)


def rows_for(user: Any, flt: IncidentFilter) -> QuerySet[Incident]:
    """The list's rows, ready for GROUP BY: no joins, no prefetch, no ordering."""
    rows = incidents_for(user, flt).select_related(None).prefetch_related(None).order_by()
    if flt.stage:
        # The same condition again as IN (the list says EXISTS): SQLite then starts from the stage index instead
        # of testing every incident (12 ms instead of 200 ms for 100,000 incidents). The rows do not change.
        rows = rows.filter(pk__in=IncidentStage.objects.filter(tag_id=flt.stage).values("incident_id"))
    return rows


def reads_all_listed(user: Any) -> bool:
    """National roles read every row they list; viewers list only what they read. Others may see redacted rows."""
    scope = scope_of(user)
    return scope.is_national or scope.role == Role.VIEWER


def readable_rows(user: Any, rows: QuerySet[Incident]) -> QuerySet[Incident]:
    """The rows read in full. access.readable() applied to these rows (not `pk IN readable`): the same rule, and
    SQLite tests it on each row instead of building the set of every readable incident first."""
    return rows if reads_all_listed(user) else access.readable(rows, user)


def kabkota_counts(rows: QuerySet[Incident], *, filtered: bool = True) -> dict[str, int]:
    """kab/kota code -> incidents; "" holds the unplaced ones (intake not yet triaged).

    With a filter, group by an expression of the code rather than the bare column: SQLite would otherwise walk
    the kab/kota index in order and fetch every row to test the filter (130 ms instead of 40 ms for 100,000
    incidents). Without one, the bare column is a scan of that index alone (7 ms)."""
    key = Lower("kabkota_code") if filtered else F("kabkota_code")
    return dict(rows.annotate(code=key).values("code").annotate(n=Count("id")).values_list("code", "n"))


KECAMATAN_CODE_LENGTH = 8  # "32.73.01"


def map_domain(user: Any, flt: IncidentFilter) -> str:
    """What the numbers cover: the narrower of the requested region and the user's scope ("" = the country).
    A region outside the scope never gets here (area.resolve refuses it first)."""
    scope_code = scope_of(user).region_code or ""
    code = (flt.region or "").strip()
    return code if code and (not scope_code or code_within(code, scope_code)) else scope_code


def kecamatan_counts(user: Any, rows: QuerySet[Incident]) -> dict[str, int]:
    """kecamatan code -> incidents read in full and placed in that kecamatan (or a desa of it)."""
    key = Substr("place_code", 1, KECAMATAN_CODE_LENGTH)
    grouped = readable_rows(user, rows).annotate(code=key).values("code").annotate(n=Count("id"))
    return {code: n for code, n in grouped.values_list("code", "n") if len(code) == KECAMATAN_CODE_LENGTH}


def points(user: Any, rows: QuerySet[Incident], cap: int = POINT_CAP) -> tuple[list[dict[str, Any]], bool]:
    """The newest `cap` points the user may see, and whether more exist."""
    placed = readable_rows(user, rows).filter(geo_precision__in=POINT_PRECISIONS, lat__isnull=False,
                                              lng__isnull=False)  # fmt: skip
    decimals = VIEWER_DECIMALS if scope_of(user).role == Role.VIEWER else POINT_DECIMALS
    found = list(placed.order_by("-occurred_on", "-id").values_list(
        "id", Round("lat", decimals), Round("lng", decimals), "severity", "event_type_id")[: cap + 1])  # fmt: skip
    result = [{"id": pk, "lat": lat, "lng": lng, "severity": severity, "event_type": event_type}
              for pk, lat, lng, severity, event_type in found[:cap]]  # fmt: skip
    return result, len(found) > cap


def map_data(user: Any, flt: IncidentFilter, *, cap: int = POINT_CAP) -> dict[str, Any]:
    rows = rows_for(user, flt)
    # Dates alone are in the (kabkota_code, occurred_on) index too: grouping by the bare column reads that index only.
    others = set(flt.active()) - {"date_from", "date_to"}
    counts = kabkota_counts(rows, filtered=bool(others) or not scope_of(user).is_national)
    unplaced = counts.pop("", 0)
    found, truncated = points(user, rows, cap)
    # Inside a kab/kota the colours are its kecamatan's: one kab/kota alone would be one colour, one class.
    inside_kabkota = map_domain(user, flt).count(".") >= 1
    by_kecamatan = kecamatan_counts(user, rows) if inside_kabkota else {}
    return {
        "total": sum(counts.values()) + unplaced,
        "kabkota": dict(sorted(counts.items())),
        "unplaced": unplaced,
        "breaks": class_breaks(counts.values()),
        "points": found,
        "points_truncated": truncated,
        "level": "kecamatan" if inside_kabkota else "kabkota",  # what the colours are counted by
        "kecamatan": dict(sorted(by_kecamatan.items())),
        "kecamatan_breaks": class_breaks(by_kecamatan.values()),
        "kecamatan_unplaced": sum(counts.values()) - sum(by_kecamatan.values()) if inside_kabkota else 0,
    }
