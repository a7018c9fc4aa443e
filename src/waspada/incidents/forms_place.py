"""What the report form's and the detail page's small maps need: the boundary layer of each province the
user may report in (kab/kota and kecamatan outlines come from it), and a kab/kota's bounding box."""

from __future__ import annotations

import json
from typing import Any

from django.urls import reverse

from waspada.regions import selectors as region_selectors
from waspada.regions.models import RegionBoundary


def province_layers(kabkota_codes: list[str]) -> dict[str, str]:
    """{province code: versioned layer URL} for the provinces of these kab/kota (those with a layer)."""
    versions = region_selectors.layer_versions()
    provinces = sorted({code[:2] for code in kabkota_codes if code})
    return {p: region_selectors.layer_url(f"province-{p}", versions) for p in provinces
            if f"province-{p}" in versions}  # fmt: skip


def bboxes(codes: list[str]) -> dict[str, list[float]]:
    rows = RegionBoundary.objects.filter(region_id__in=codes).values_list("region_id", "min_lng", "min_lat",
                                                                          "max_lng", "max_lat")  # fmt: skip
    return {code: [a, b, c, d] for code, a, b, c, d in rows}


def form_map(form: Any) -> dict[str, Any]:
    codes = [code for code, _ in form.fields["region"].choices if code]
    return {
        "layers_json": json.dumps(province_layers(codes)),
        "bboxes_json": json.dumps(bboxes(codes) if len(codes) <= 40 else {}),
        "lookup_url": reverse("regions:lookup", args=["KIND"]),
    }


def detail_map(incident: Any, point: tuple[float | None, float | None]) -> dict[str, Any] | None:
    """The detail page's map: the point and the kab/kota outline; None when there is neither."""
    kabkota = incident.kabkota_code or ""
    layers = province_layers([kabkota])
    if point[0] is None and not layers:
        return None
    return {
        "layer": layers.get(kabkota[:2], ""), "kabkota": kabkota, "kecamatan": incident.kecamatan_id or "",
        "lat": point[0], "lng": point[1], "bbox": json.dumps(bboxes([kabkota]).get(kabkota)) if kabkota else "",
    }
