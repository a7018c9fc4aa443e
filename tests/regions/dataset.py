"""A small, self-made reference data folder with the real layout, for fast import tests.

Jawa Barat (32) with Kabupaten Bandung (32.04) and Kota Bandung (32.73) drawn as adjacent squares, and
DKI Jakarta (31) with one administrative kota. Tests mutate files and re-sign them to provoke each error.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

PROVINCES = [("31", "Daerah Khusus Ibukota Jakarta"), ("32", "Jawa Barat")]
REGENCIES = [("31.71", "31", "Kota Administrasi Jakarta Pusat"), ("32.04", "32", "Kabupaten Bandung"),
             ("32.73", "32", "Kota Bandung")]  # fmt: skip
DISTRICTS = [("31.71.01", "31.71", "Gambir"), ("32.04.05", "32.04", "Cileunyi"), ("32.73.01", "32.73", "Sukasari"),
             ("32.73.02", "32.73", "Coblong")]  # fmt: skip
VILLAGES = [("31.71.01.1001", "31.71.01", "Gambir"), ("32.04.05.2001", "32.04.05", "Cibiru Hilir"),
            ("32.73.01.1001", "32.73.01", "Sukarasa"), ("32.73.02.1001", "32.73.02", "Dago")]  # fmt: skip


def square(lng: float, lat: float, size: float) -> dict[str, object]:
    ring = [[lng, lat], [lng + size, lat], [lng + size, lat + size], [lng, lat + size], [lng, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


# Kab. Bandung covers 107.4..107.8; Kota Bandung sits inside its north-west corner (an overlap, as in the
# real source); Cileunyi and Sukasari/Coblong split them.
SHAPES = {
    "31": square(106.7, -6.3, 0.2),
    "32": square(107.3, -7.3, 0.7),
    "31.71": square(106.75, -6.25, 0.1),
    "32.04": square(107.4, -7.2, 0.4),
    "32.73": square(107.5, -7.0, 0.15),
    "31.71.01": square(106.76, -6.24, 0.05),
    "32.04.05": square(107.7, -7.2, 0.1),
    "32.73.01": square(107.5, -7.0, 0.075),
    "32.73.02": square(107.575, -7.0, 0.075),
}
REGIONS_YAML = """version: 1
provinces:
- code: '31'
  name: DKI Jakarta
  iana: Asia/Jakarta
- code: '32'
  name: Jawa Barat
  iana: Asia/Jakarta
"""


def _csv(path: Path, header: str, rows: list[tuple[str, ...]]) -> None:
    path.write_text(header + "\n" + "".join(",".join(row) + "\n" for row in rows), encoding="utf-8")


def _geojson(path: Path, codes: list[str]) -> None:
    features = [{"type": "Feature", "properties": {"code": c, "name": c}, "geometry": SHAPES[c]} for c in codes]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")


def sign(data_dir: Path) -> None:
    """(Re)write SHA256SUMS for every data file as stored (plain or .gz), as the data publisher does."""
    lines = []
    for path in sorted(data_dir.rglob("*")):
        if path.is_file() and path.name.removesuffix(".gz").endswith((".csv", ".geojson")):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            lines.append(f"{digest}  ./{path.relative_to(data_dir).as_posix()}")
    (data_dir / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_dataset(root: Path) -> tuple[Path, Path]:
    data_dir, domain_dir = root / "data", root / "domain"
    (data_dir / "regions").mkdir(parents=True)
    (data_dir / "boundaries").mkdir()
    domain_dir.mkdir()
    regions = data_dir / "regions"
    _csv(regions / "provinces.csv", "code,name", PROVINCES)
    _csv(regions / "regencies.csv", "code,province_code,name", REGENCIES)
    _csv(regions / "districts.csv", "code,regency_code,name", DISTRICTS)
    _csv(regions / "villages.csv", "code,district_code,name", VILLAGES)
    _csv(
        regions / "islands.csv",
        "code,regency_code,coordinate,is_populated,is_outermost_small,name",
        [("31.71.40001", "31.71", '"06°10\'00.00"" S 106°49\'00.00"" E"', "0", "0", "Pulau Contoh"),
         ("32.00.40001", "", '"07°00\'00.00"" S 107°30\'00.00"" E"', "1", "0", "Pulau Tanpa Kabupaten")],
    )  # fmt: skip
    _csv(
        regions / "penduduk_luas_kabkota_2024.csv",
        "code,level,name,penduduk_pria,penduduk_wanita,penduduk_total,luas_km2",
        [("32", "provinsi", "Jawa Barat", "25000000", "24900000", "49900000", "35377.76"),
         ("32.73", "kabkota", "Kota Bandung", "1298551", "1293212", "2591763", "166.593")],
    )  # fmt: skip
    (regions / "SOURCE.md").write_text("Codes: Kepmendagri 300.2.2-2138/2025 (test copy)\n", encoding="utf-8")
    _geojson(data_dir / "boundaries" / "provinsi_kepmendagri2025.geojson", ["31", "32"])
    _geojson(data_dir / "boundaries" / "kabkota_kepmendagri2025.geojson", ["31.71", "32.04", "32.73"])
    _geojson(data_dir / "boundaries" / "kecamatan_kepmendagri2025.geojson",
             ["31.71.01", "32.04.05", "32.73.01", "32.73.02"])  # fmt: skip
    (domain_dir / "regions.yaml").write_text(REGIONS_YAML, encoding="utf-8")
    sign(data_dir)
    return data_dir, domain_dir
