"""Read and validate the reference files in WASPADA_DATA_DIR before anything is written.

Every problem raises ReferenceDataError naming the file (and row) so the operator knows what to fix. Each file
may be stored plain or gzipped (`regions/villages.csv` or `regions/villages.csv.gz`, see waspada.datafiles);
SHA256SUMS lists the files as stored.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from waspada import datafiles
from waspada.regions.models import Level

REGION_FILES = {
    "province": "regions/provinces.csv",
    "kabkota": "regions/regencies.csv",
    "kecamatan": "regions/districts.csv",
    "desa": "regions/villages.csv",
    "island": "regions/islands.csv",
    "population": "regions/penduduk_luas_kabkota_2024.csv",
}
BOUNDARY_FILES = {
    "province": "boundaries/provinsi_kepmendagri2025.geojson",
    "kabkota": "boundaries/kabkota_kepmendagri2025.geojson",
    "kecamatan": "boundaries/kecamatan_kepmendagri2025.geojson",
}
CHECKSUM_FILE = "SHA256SUMS"

_HEADERS = {
    "province": ["code", "name"],
    "kabkota": ["code", "province_code", "name"],
    "kecamatan": ["code", "regency_code", "name"],
    "desa": ["code", "district_code", "name"],
    "island": ["code", "regency_code", "coordinate", "is_populated", "is_outermost_small", "name"],
    "population": ["code", "level", "name", "penduduk_pria", "penduduk_wanita", "penduduk_total", "luas_km2"],
}
_CODE_PATTERNS = {
    "province": re.compile(r"^\d{2}$"),
    "kabkota": re.compile(r"^\d{2}\.\d{2}$"),
    "kecamatan": re.compile(r"^\d{2}\.\d{2}\.\d{2}$"),
    "desa": re.compile(r"^\d{2}\.\d{2}\.\d{2}\.[123]\d{3}$"),
    "island": re.compile(r"^\d{2}\.\d{2}\.4\d{4}$"),
}
_VILLAGE_LEVEL = {"1": Level.KELURAHAN, "2": Level.DESA, "3": Level.DESA_ADAT}
_DMS = re.compile(r"""(\d+)°(\d+)'([\d.]+)"\s*([NSEW])""")


class ReferenceDataError(Exception):
    def __init__(self, file: str, message: str) -> None:
        super().__init__(f"{file}: {message}")
        self.file = file
        self.message = message


@dataclass
class RegionRecord:
    code: str
    name: str
    level: str
    parent: str | None
    province_code: str
    kabkota_code: str = ""
    is_administrative: bool = False
    lat: float | None = None
    lng: float | None = None
    attributes: dict[str, object] = field(default_factory=dict)


@dataclass
class PopulationRecord:
    male: int | None
    female: int | None
    total: int | None
    area_km2: float | None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_checksums(data_dir: Path, needed: list[str]) -> dict[str, str]:
    """Check every needed file, as stored (plain or .gz), against SHA256SUMS; return {stored path: sha256}."""
    sums_path = data_dir / CHECKSUM_FILE
    if not data_dir.is_dir():
        raise ReferenceDataError(str(data_dir), "data folder not found (set WASPADA_DATA_DIR)")
    if not sums_path.is_file():
        raise ReferenceDataError(str(sums_path), "checksum list missing")
    expected: dict[str, str] = {}
    for number, line in enumerate(sums_path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split(maxsplit=1)
        if len(parts) != 2 or not re.fullmatch(r"[0-9a-f]{64}", parts[0]):
            raise ReferenceDataError(CHECKSUM_FILE, f"line {number} is not '<sha256>  <path>'")
        expected[parts[1].strip().lstrip("*").removeprefix("./")] = parts[0]
    found: dict[str, str] = {}
    for wanted in needed:
        relative = datafiles.stored_relative(data_dir, wanted)
        path = data_dir / relative
        if not path.is_file():
            raise ReferenceDataError(wanted, f"file missing (nor {wanted}{datafiles.GZ})")
        if relative not in expected:
            raise ReferenceDataError(relative, f"not listed in {CHECKSUM_FILE}")
        actual = sha256_of(path)
        if actual != expected[relative]:
            raise ReferenceDataError(
                relative, f"checksum mismatch (expected {expected[relative][:12]}…, got {actual[:12]}…)"
            )
        found[relative] = actual
    return found


def _rows(data_dir: Path, kind: str) -> Iterator[tuple[int, dict[str, str]]]:
    relative = REGION_FILES[kind]
    try:
        with datafiles.open_text(data_dir / relative, newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames != _HEADERS[kind]:
                raise ReferenceDataError(relative, f"unexpected header {reader.fieldnames}, expected {_HEADERS[kind]}")
            for number, row in enumerate(reader, start=2):
                if None in row or any(value is None for value in row.values()):
                    raise ReferenceDataError(relative, f"row {number} has the wrong number of columns")
                yield number, {key: value.strip() for key, value in row.items()}
    except UnicodeDecodeError as exc:
        raise ReferenceDataError(relative, f"not valid UTF-8 ({exc.reason} at byte {exc.start})") from exc
    except csv.Error as exc:
        raise ReferenceDataError(relative, f"malformed CSV ({exc})") from exc
    except (OSError, EOFError) as exc:  # a damaged .gz (the checksum check normally catches it first)
        raise ReferenceDataError(relative, f"cannot read ({exc})") from exc


def _check_code(kind: str, number: int, code: str, seen: set[str]) -> None:
    relative = REGION_FILES[kind]
    if not _CODE_PATTERNS[kind].match(code):
        raise ReferenceDataError(relative, f"row {number}: code {code!r} does not have the {kind} format")
    if code in seen:
        raise ReferenceDataError(relative, f"row {number}: duplicate code {code}")
    seen.add(code)


def _check_parent(kind: str, number: int, code: str, parent: str, known: dict[str, RegionRecord]) -> None:
    relative = REGION_FILES[kind]
    if parent not in known:
        raise ReferenceDataError(relative, f"row {number}: code {code} has unknown parent {parent!r}")
    if not code.startswith(parent + "."):
        raise ReferenceDataError(relative, f"row {number}: code {code} does not start with its parent {parent}")


def _name(kind: str, number: int, row: dict[str, str]) -> str:
    if not row["name"]:
        raise ReferenceDataError(REGION_FILES[kind], f"row {number}: empty name")
    return row["name"]


def read_regions(data_dir: Path) -> dict[str, RegionRecord]:
    """All regions and islands, parents before children, validated."""
    records: dict[str, RegionRecord] = {}
    seen: set[str] = set()
    for number, row in _rows(data_dir, "province"):
        _check_code("province", number, row["code"], seen)
        records[row["code"]] = RegionRecord(
            row["code"], _name("province", number, row), Level.PROVINCE, None, row["code"]
        )
    for number, row in _rows(data_dir, "kabkota"):
        code, name = row["code"], _name("kabkota", number, row)
        _check_code("kabkota", number, code, seen)
        _check_parent("kabkota", number, code, row["province_code"], records)
        level = Level.KOTA if int(code[3:]) >= 71 else Level.KABUPATEN
        expected_prefix = "Kota " if level == Level.KOTA else "Kabupaten "
        if not name.startswith(expected_prefix):
            raise ReferenceDataError(
                REGION_FILES["kabkota"], f"row {number}: {code} should be named '{expected_prefix.strip()} …'"
            )
        records[code] = RegionRecord(
            code,
            name,
            level,
            row["province_code"],
            code[:2],
            code,
            is_administrative=" Administrasi " in name + " ",
        )
    for number, row in _rows(data_dir, "kecamatan"):
        code = row["code"]
        _check_code("kecamatan", number, code, seen)
        _check_parent("kecamatan", number, code, row["regency_code"], records)
        records[code] = RegionRecord(
            code, _name("kecamatan", number, row), Level.KECAMATAN, row["regency_code"], code[:2], code[:5]
        )
    for number, row in _rows(data_dir, "desa"):
        code = row["code"]
        _check_code("desa", number, code, seen)
        _check_parent("desa", number, code, row["district_code"], records)
        records[code] = RegionRecord(
            code,
            _name("desa", number, row),
            _VILLAGE_LEVEL[code[9]],
            row["district_code"],
            code[:2],
            code[:5],
        )
    for number, row in _rows(data_dir, "island"):
        records.update([_island(number, row, records, seen)])
    return records


def _island(
    number: int, row: dict[str, str], records: dict[str, RegionRecord], seen: set[str]
) -> tuple[str, RegionRecord]:
    code = row["code"]
    _check_code("island", number, code, seen)
    # Islands not assigned to a kab/kota carry `.00` and belong to the province only.
    parent = row["regency_code"] or code[:2]
    _check_parent("island", number, code, parent, records)
    lat, lng = parse_dms(row["coordinate"], number)
    record = RegionRecord(
        code,
        _name("island", number, row),
        Level.ISLAND,
        parent,
        code[:2],
        row["regency_code"],
        lat=lat,
        lng=lng,
        attributes={
            "is_populated": row["is_populated"] == "1",
            "is_outermost_small": row["is_outermost_small"] == "1",
        },
    )
    return code, record


def parse_dms(text: str, number: int) -> tuple[float, float]:
    """`03°19'03.44" N 097°07'41.73" E` -> (lat, lng) in decimal degrees."""
    parts = _DMS.findall(text)
    if len(parts) != 2:
        raise ReferenceDataError(REGION_FILES["island"], f"row {number}: unreadable coordinate {text!r}")
    values = []
    for degrees, minutes, seconds, hemisphere in parts:
        value = int(degrees) + int(minutes) / 60 + float(seconds) / 3600
        values.append(-value if hemisphere in "SW" else value)
    return values[0], values[1]


def read_population(data_dir: Path, regions: dict[str, RegionRecord]) -> dict[str, PopulationRecord]:
    relative = REGION_FILES["population"]
    result: dict[str, PopulationRecord] = {}
    for number, row in _rows(data_dir, "population"):
        code = row["code"]
        if code not in regions:
            raise ReferenceDataError(relative, f"row {number}: unknown region code {code}")
        if code in result:
            raise ReferenceDataError(relative, f"row {number}: duplicate code {code}")
        try:
            result[code] = PopulationRecord(
                male=_int_or_none(row["penduduk_pria"]),
                female=_int_or_none(row["penduduk_wanita"]),
                total=_int_or_none(row["penduduk_total"]),
                area_km2=float(row["luas_km2"]) if row["luas_km2"] else None,
            )
        except ValueError as exc:
            raise ReferenceDataError(relative, f"row {number}: not a number ({exc})") from exc
    return result


def _int_or_none(value: str) -> int | None:
    return int(value) if value else None


def read_time_zones(domain_dir: Path) -> dict[str, str]:
    """Province code -> IANA zone, from regions.yaml in the domain folder (WASPADA_DOMAIN_DIR)."""
    path = domain_dir / "regions.yaml"
    try:
        document = datafiles.parse_yaml(path.read_text(encoding="utf-8"))
        zones = {str(item["code"]): str(item["iana"]) for item in document["provinces"]}
    except FileNotFoundError as exc:
        raise ReferenceDataError(str(path), "file missing (set WASPADA_DOMAIN_DIR)") from exc
    except (yaml.YAMLError, KeyError, TypeError) as exc:
        raise ReferenceDataError(str(path), f"cannot read province time zones ({exc})") from exc
    return zones


def read_decree(data_dir: Path) -> str:
    """The decree the codes follow, as the data's SOURCE.md states it."""
    source = data_dir / "regions" / "SOURCE.md"
    text = source.read_text(encoding="utf-8") if source.is_file() else ""
    match = re.search(r"Kepmendagri\s+[0-9.]+-[0-9]+/[0-9]{4}", text)
    if not match:
        raise ReferenceDataError("regions/SOURCE.md", "does not name the Kepmendagri decree of the codes")
    return match.group(0)
