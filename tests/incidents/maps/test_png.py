"""GET /incidents/map.png: the map page as a PNG, with the page's scope, filters, counts and class colours."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.test import Client
from PIL import Image

from waspada.incidents.maps.breaks import CLASS_COLOURS, OUTSIDE_COLOUR, ZERO_COLOUR
from waspada.incidents.maps.png import HEIGHT, WIDTH


def _colours(response: Any) -> set[str]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "image/png" and response.content[:8] == b"\x89PNG\r\n\x1a\n"
    image = Image.open(io.BytesIO(response.content)).convert("RGB")
    assert image.size == (WIDTH, HEIGHT)
    return {"#" + "".join(f"{v:02x}" for v in colour) for _n, colour in image.getcolors(maxcolors=1 << 22)}


def test_national_png_has_the_class_colours(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    response = client_for("analyst").get("/incidents/map.png")
    # Counts 31.71: 1, 32.04: 2, 32.73: 2 -> two classes, the two darkest blues; no kab/kota without incidents
    # in the small data set, and points by severity on top.
    colours = _colours(response)
    assert {CLASS_COLOURS[3], CLASS_COLOURS[4]} <= colours
    assert CLASS_COLOURS[0] not in colours
    assert response["Content-Disposition"].startswith('attachment; filename="') and ".png" in response[
        "Content-Disposition"]  # fmt: skip
    assert response["Cache-Control"] == "private, no-store"


def test_filters_change_the_picture(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    # Only 32.04 has a hoax: one class (the darkest), the other kab/kota white.
    colours = _colours(client_for("analyst").get("/incidents/map.png?type=hoax_hate_speech"))
    assert CLASS_COLOURS[4] in colours and ZERO_COLOUR in colours and CLASS_COLOURS[3] not in colours


def test_a_kabkota_png_is_coloured_by_kecamatan(world: dict[str, Any], make_incident: Callable[..., Any],
                                                client_for: Callable[[str], Client]) -> None:  # fmt: skip
    make_incident("bandung", kecamatan="32.73.01")
    make_incident("bandung", kecamatan="32.73.01")
    make_incident("bandung", kecamatan="32.73.02")
    colours = _colours(client_for("bandung").get("/incidents/map.png"))
    assert {CLASS_COLOURS[3], CLASS_COLOURS[4]} <= colours  # Coblong 1, Sukasari 2: two classes
    assert OUTSIDE_COLOUR not in colours  # both kecamatan of 32.73 are the officer's


def test_scope_and_bad_filters_are_refused_in_words(world: dict[str, Any],
                                                    client_for: Callable[[str], Client]) -> None:  # fmt: skip
    refused = client_for("kabbandung").get("/incidents/map.png?region=32.73")
    assert refused.status_code == 403 and "32.73" in refused.content.decode()
    bad = client_for("analyst").get("/incidents/map.png?date_from=kemarin")
    assert bad.status_code == 422 and bad.content.decode().startswith("date_from: ")
    assert Client().get("/incidents/map.png").status_code == 302  # signed-out: to the login page


def test_a_map_without_incidents_is_still_a_map(world: dict[str, Any], client_for: Callable[[str], Client]) -> None:
    colours = _colours(client_for("analyst").get("/incidents/map.png?type=dispute_result"))
    assert ZERO_COLOUR in colours and not set(CLASS_COLOURS) & colours
