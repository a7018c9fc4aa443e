"""The one upload check: size limit before and after reading, type from the bytes, content-hash name."""

from __future__ import annotations

import hashlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from waspada.core.uploads import IMAGE_TYPES, check_upload

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
WRONG = "%(name)s is not a photo (its content is %(type)s)."


def test_an_image_passes_with_its_type_from_the_bytes() -> None:
    checked = check_upload(SimpleUploadedFile("claims-to-be.pdf", PNG, "application/pdf"), IMAGE_TYPES, WRONG)
    assert not isinstance(checked, str)
    assert (checked.mime, checked.extension, checked.name) == ("image/png", "png", "claims-to-be.pdf")
    assert checked.hashed_name == hashlib.sha256(PNG).hexdigest() + ".png"
    assert checked.file().read() == PNG


def test_a_type_outside_the_list_is_refused_naming_the_file_and_what_it_is() -> None:
    refused = check_upload(SimpleUploadedFile("laporan.jpg", b"%PDF-1.4\n%%EOF\n"), IMAGE_TYPES, WRONG)
    assert refused == "laporan.jpg is not a photo (its content is application/pdf)."
    refused = check_upload(SimpleUploadedFile("x.png", b"plain words"), IMAGE_TYPES, WRONG)
    assert isinstance(refused, str) and "x.png" in refused


@override_settings(WASPADA_ATTACHMENT_MAX_BYTES=50)
def test_a_file_over_the_limit_is_refused_by_its_declared_size_or_by_what_was_read() -> None:
    declared = check_upload(SimpleUploadedFile("big.png", PNG), IMAGE_TYPES, WRONG)
    assert isinstance(declared, str) and "big.png" in declared and "50" in declared

    class Unsized:
        name = "stream.png"
        size = None

        def read(self, n: int) -> bytes:
            return PNG[:n]

    read = check_upload(Unsized(), IMAGE_TYPES, WRONG)
    assert isinstance(read, str) and "stream.png" in read


def test_a_nameless_upload_takes_the_default_name() -> None:
    class Nameless:
        name = ""
        size = 3

        def read(self, n: int) -> bytes:
            return b"abc"

    assert check_upload(Nameless(), IMAGE_TYPES, WRONG, default_name="foto").startswith("foto ")
