"""Private storage for visit photos: random names, JPEG re-encoding, thumbnails.

The folder is outside Reflex's public upload directory; photos are served only through a route
that checks who is asking.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from customer_portal.settings import settings

THUMBNAIL_SIZE = (320, 240)
JPEG_QUALITY = 82


@dataclass(frozen=True)
class StoredPhoto:
    stored_name: str
    thumbnail_name: str
    width: int
    height: int
    byte_size: int
    content_type: str = "image/jpeg"


def photo_directory() -> Path:
    directory = settings.photo_dir
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def store_jpeg(image: Image.Image) -> StoredPhoto:
    """Write a re-encoded copy and its thumbnail under random names (no EXIF survives re-encoding)."""
    directory = photo_directory()
    base = secrets.token_hex(16)
    full_name, thumb_name = f"{base}.jpg", f"{base}_thumb.jpg"
    rgb = image.convert("RGB")
    rgb.save(directory / full_name, "JPEG", quality=JPEG_QUALITY, optimize=True)
    thumbnail = rgb.copy()
    thumbnail.thumbnail(THUMBNAIL_SIZE)
    thumbnail.save(directory / thumb_name, "JPEG", quality=JPEG_QUALITY)
    return StoredPhoto(
        stored_name=full_name,
        thumbnail_name=thumb_name,
        width=rgb.width,
        height=rgb.height,
        byte_size=(directory / full_name).stat().st_size,
    )
