"""A child's picture (a photo of their Three Houses drawing): checked and made again from its
pixels, so that nothing else hidden in the file is kept (metadata, location, comments, anything
appended). Pure: bytes in, bytes out, or a clear `Invalid`."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from meeting_room.core.errors import Invalid

MAX_PICTURE_BYTES = 5 * 1024 * 1024   # the file as sent
MAX_PIXELS = 24_000_000               # width × height: a phone photo is ~12 million
LONGEST_SIDE = 2000                   # kept at most this wide or tall: plenty for a screen and a record
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}
NOT_A_PICTURE = "That file is not a picture we can use. Please choose a JPEG or PNG photo."


@dataclass(frozen=True)
class Picture:
    data: bytes
    content_type: str
    width: int
    height: int


def clean_picture(data: bytes) -> Picture:
    """The picture, decoded and encoded again with no metadata; or `Invalid` with plain words."""
    if not data:
        raise Invalid("That file is empty. Please choose a photo.")
    if len(data) > MAX_PICTURE_BYTES:
        raise Invalid(f"That picture is too big. Please choose one under {MAX_PICTURE_BYTES // (1024 * 1024)} MB.")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return _remade(data)
        except Invalid:
            raise
        except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
            raise Invalid(NOT_A_PICTURE if isinstance(e, UnidentifiedImageError)
                          else "That picture has too many pixels. Please choose a smaller photo.") from None
        except (OSError, SyntaxError, ValueError, EOFError, MemoryError):  # broken, cut short, or lying
            raise Invalid(NOT_A_PICTURE) from None


def _remade(data: bytes) -> Picture:
    with Image.open(io.BytesIO(data), formats=list(FORMATS)) as probe:
        kind, (width, height) = probe.format, probe.size
        if width < 1 or height < 1:
            raise Invalid("That picture has no pixels. Please choose another photo.")
        if width * height > MAX_PIXELS:
            raise Invalid("That picture has too many pixels. Please choose a smaller photo.")
        probe.verify()  # the whole file, before anything is decoded for real
    with Image.open(io.BytesIO(data), formats=[kind]) as image:
        image.load()
        image = ImageOps.exif_transpose(image)  # turned the way the camera meant, before its notes go
        image.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
        out = io.BytesIO()
        keep = "RGB" if kind == "JPEG" else image.mode if image.mode in ("RGB", "RGBA", "L", "LA") else "RGBA"
        clean = image.convert(keep)
        clean.info = {}  # Pillow would write a JPEG's comment (and more) back: only the pixels go on
        if kind == "JPEG":
            clean.save(out, "JPEG", quality=85, optimize=True)
        else:
            clean.save(out, "PNG", optimize=True)
        return Picture(out.getvalue(), FORMATS[kind], image.width, image.height)
