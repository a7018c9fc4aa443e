"""Official regions (Kemendagri codes), their boundaries and the web layers prepared from them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    KABUPATEN = "kabupaten", _("Regency (kabupaten)")
    KOTA = "kota", _("City (kota)")
    KECAMATAN = "kecamatan", _("District (kecamatan)")
    KELURAHAN = "kelurahan", _("Urban village (kelurahan)")
    DESA = "desa", _("Village (desa)")
    DESA_ADAT = "desa_adat", _("Customary village")
    ISLAND = "island", _("Island")


KABKOTA_LEVELS = (Level.KABUPATEN, Level.KOTA)
VILLAGE_LEVELS = (Level.KELURAHAN, Level.DESA, Level.DESA_ADAT)
BOUNDARY_LEVELS = (Level.PROVINCE, Level.KABUPATEN, Level.KOTA, Level.KECAMATAN)

# The levels a user names in filters: `kabkota` and `desa` group official levels
# (docs/architecture.md, API conventions).
LEVEL_GROUPS: dict[str, tuple[str, ...]] = {
    "province": (Level.PROVINCE,),
    "kabkota": KABKOTA_LEVELS,
    "kabupaten": (Level.KABUPATEN,),
    "kota": (Level.KOTA,),
    "kecamatan": (Level.KECAMATAN,),
    "desa": VILLAGE_LEVELS,
    "kelurahan": (Level.KELURAHAN,),
    "desa_adat": (Level.DESA_ADAT,),
    "island": (Level.ISLAND,),
}


class Region(models.Model):
    code = models.CharField(_("code"), max_length=16, primary_key=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Denormalised ancestors: the scope filter and partitioning by province need them without joins.
    province_code = models.CharField(_("province code"), max_length=2, db_index=True)
    kabkota_code = models.CharField(_("regency/city code"), max_length=5, blank=True, db_index=True)
    is_administrative = models.BooleanField(_("administrative"), default=False)
    decree = models.CharField(_("code decree"), max_length=80)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_male = models.PositiveIntegerField(_("male population"), null=True, blank=True)
    population_female = models.PositiveIntegerField(_("female population"), null=True, blank=True)
    area_km2 = models.FloatField(_("area (km²)"), null=True, blank=True)
    timezone = models.CharField(_("time zone"), max_length=32)
    lat = models.FloatField(null=True, blank=True)
    lng = models.FloatField(null=True, blank=True)
    search_name = models.CharField(max_length=200, db_index=True, editable=False)
    attributes = models.JSONField(default=dict, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        indexes = [models.Index(fields=["level", "parent"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_kabkota(self) -> bool:
        return self.level in KABKOTA_LEVELS

    def ancestors(self) -> list[Region]:
        """Province first, the region's parent last."""
        chain: list[Region] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


class RegionBoundary(models.Model):
    """Source polygon (GeoJSON geometry) and its simplified web version, one row per region."""

    region = models.OneToOneField(Region, on_delete=models.CASCADE, primary_key=True, related_name="boundary")
    geometry = models.TextField()
    coarse = models.TextField()
    min_lng = models.FloatField()
    min_lat = models.FloatField()
    max_lng = models.FloatField()
    max_lat = models.FloatField()
    vertices = models.PositiveIntegerField()
    coarse_vertices = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("region boundary")
        verbose_name_plural = _("region boundaries")

    def __str__(self) -> str:
        return f"{self.region_id}"


class Neighbour(models.Model):
    """Two regions of one level whose outlines touch or nearly touch (regions/adjacency.py); both directions stored,
    so a region's neighbours are one indexed lookup."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="neighbour_links")
    neighbour = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    gap_km = models.FloatField(_("gap (km)"), default=0.0)

    class Meta:
        verbose_name = _("neighbouring region")
        verbose_name_plural = _("neighbouring regions")
        constraints = [models.UniqueConstraint(fields=["region", "neighbour"], name="regions_neighbour_unique")]

    def __str__(self) -> str:
        return f"{self.region_id} ~ {self.neighbour_id}"


class BoundaryLayer(models.Model):
    """A ready-to-serve, gzip-compressed GeoJSON layer; the ETag is the content hash."""

    key = models.CharField(max_length=40, primary_key=True)
    content_gzip = models.BinaryField()
    etag = models.CharField(max_length=64)
    raw_bytes = models.PositiveIntegerField()
    gzip_bytes = models.PositiveIntegerField()
    features = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("map layer")
        verbose_name_plural = _("map layers")

    def __str__(self) -> str:
        return self.key


class RegionImport(models.Model):
    """One run of `waspada regions import`: what was read, what changed, what the simplification cost."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    data_dir = models.CharField(max_length=500)
    decree = models.CharField(max_length=80)
    checksums = models.JSONField(default=dict)
    counts = models.JSONField(default=dict)
    report = models.JSONField(default=dict)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("region import")
        verbose_name_plural = _("region imports")

    def __str__(self) -> str:
        return f"{self.decree} @ {self.started_at:%Y-%m-%d %H:%M}"
