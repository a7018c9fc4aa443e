"""A known set of incidents for the map and summary tests (small regions: Kota Bandung 32.73 and Kabupaten Bandung
32.04 in Jawa Barat 32, Jakarta Pusat 31.71 in DKI 31), one per row below, plus one unplaced intake report.

 #  by          kab/kota  type              sev  sensitivity   place                 date
 1  bandung     32.73     violence_clash    3    inter_agency  exact point           2024-02-14
 2  bandung     32.73     money_politics    2    restricted    near a named place    2024-02-10
 3  kabbandung  32.04     hoax_hate_speech  1    public        kecamatan (no point)  2023-11-20
 4  kabbandung  32.04     violence_clash    4    restricted    exact point           2024-02-14
 5  dki         31.71     money_politics    2    inter_agency  exact point           2024-03-01
 6  nadmin      (none)    other_election    1    inter_agency  none                  2024-02-20
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from waspada.incidents.models import Incident

# Points inside the test squares (tests/regions/dataset.py).
BANDUNG_POINT = (-6.91234, 107.61234)
KAB_BANDUNG_POINT = (-7.1, 107.75)
JAKARTA_POINT = (-6.2, 106.8)


@pytest.fixture
def world(make_incident: Callable[..., Any]) -> dict[str, Any]:
    day = dt.date
    rows = [
        make_incident("bandung", event_type="violence_clash", event_subtype="supporter_clash", severity=3,
                      lat=BANDUNG_POINT[0], lng=BANDUNG_POINT[1], geo_precision="exact", occurred_on=day(2024, 2, 14)),
        make_incident("bandung", event_type="money_politics", event_subtype="", severity=2, sensitivity="restricted",
                      lat=-6.95, lng=107.55, geo_precision="near_place", occurred_on=day(2024, 2, 10),
                      title="Amplop di Sukasari"),
        make_incident("kabbandung", region="32.04", event_type="hoax_hate_speech", event_subtype="", severity=1,
                      sensitivity="public", lat=-7.15, lng=107.72, geo_precision="kecamatan",
                      occurred_on=day(2023, 11, 20), title="Hoaks di grup warga"),
        make_incident("kabbandung", region="32.04", event_type="violence_clash", event_subtype="", severity=4,
                      sensitivity="restricted", lat=KAB_BANDUNG_POINT[0], lng=KAB_BANDUNG_POINT[1],
                      geo_precision="exact", occurred_on=day(2024, 2, 14), title="Bentrok di Cileunyi"),
        make_incident("dki", region="31.71", event_type="money_politics", event_subtype="", severity=2,
                      lat=JAKARTA_POINT[0], lng=JAKARTA_POINT[1], geo_precision="exact", occurred_on=day(2024, 3, 1),
                      title="Serangan fajar di Gambir"),
        make_incident("nadmin", event_type="other_election", event_subtype="", severity=1,
                      occurred_on=day(2024, 2, 20), title="Laporan SMS tanpa tempat"),
    ]  # fmt: skip
    # An intake report not placed yet (the gateway leaves the region empty until triage).
    Incident.objects.filter(pk=rows[5].pk).update(region=None, province_code="", kabkota_code="", place_code="",
                                                  owner_code="")  # fmt: skip
    return {"ids": [row.pk for row in rows]}
