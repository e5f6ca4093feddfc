"""Turning an uploaded file into a stored visit photo, or a clear reason why not.

Only real JPEG, PNG and WebP images are accepted, whatever the file is called. Size and pixel count
are checked before the image is decoded (no decompression bombs), and every photo is re-encoded, so
EXIF, GPS and anything else hidden in the file are gone.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from customer_portal.services.errors import ValidationFailed
from customer_portal.services.visits.photo_storage import StoredPhoto, photo_directory, store_jpeg

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel phone photo is fine; a crafted 100,000 x 100,000 PNG is not
MAX_STORED_EDGE = 2560  # larger photos are scaled down: nobody needs more to see a pool
MAX_PHOTOS_PER_VISIT = 12


class PhotoRejected(ValueError):
    """The message names the file and says what is wrong with it."""


@dataclass(frozen=True)
class UploadedPhoto:
    filename: str
    content: bytes


def open_checked(photo: UploadedPhoto) -> Image.Image:
    name = photo.filename or "photo"
    if len(photo.content) > MAX_UPLOAD_BYTES:
        raise PhotoRejected(f"{name} is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
    if not photo.content:
        raise PhotoRejected(f"{name} is empty.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(photo.content))
            if image.format not in ACCEPTED_FORMATS:
                raise PhotoRejected(f"{name} is not a JPEG, PNG or WebP image.")
            if image.width * image.height > MAX_PIXELS:
                raise PhotoRejected(
                    f"{name} has too many pixels ({image.width} x {image.height}); the limit is 40 megapixels."
                )
            image.load()
    except PhotoRejected:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning, OSError, SyntaxError):
        raise PhotoRejected(f"{name} is not a JPEG, PNG or WebP image.") from None
    return image


def store_uploaded_photo(photo: UploadedPhoto) -> StoredPhoto:
    """Validate, orient, scale down and re-encode one upload; raises PhotoRejected."""
    image = open_checked(photo)
    upright = ImageOps.exif_transpose(image)  # keep the picture the right way up once EXIF is gone
    if max(upright.size) > MAX_STORED_EDGE:
        upright.thumbnail((MAX_STORED_EDGE, MAX_STORED_EDGE))
    if upright.mode not in ("RGB", "L"):
        background = Image.new("RGB", upright.size, (255, 255, 255))
        background.paste(upright, mask=upright.convert("RGBA").getchannel("A"))
        upright = background
    return store_jpeg(upright)


def delete_stored(photos: list[StoredPhoto]) -> None:
    """Remove files written for a visit or request that was not saved after all."""
    directory = photo_directory()
    for photo in photos:
        for name in (photo.stored_name, photo.thumbnail_name):
            (directory / name).unlink(missing_ok=True)


@contextmanager
def stored_while_saving(photos: list[UploadedPhoto]) -> Iterator[list[StoredPhoto]]:
    """Store every upload for the block that records them; one bad file refuses them all (ValidationFailed on
    "photos"), and the files go again if the block fails, so no photo is kept without its row."""
    stored: list[StoredPhoto] = []
    try:
        for photo in photos:
            stored.append(store_uploaded_photo(photo))
    except PhotoRejected as rejection:
        delete_stored(stored)
        raise ValidationFailed({"photos": str(rejection)}) from rejection
    try:
        yield stored
    except BaseException:
        delete_stored(stored)
        raise
