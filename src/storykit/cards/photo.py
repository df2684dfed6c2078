"""Photo edge: open safely (content sniffed, bombs refused), decode once at draft scale, upright."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageCms, UnidentifiedImageError

from storykit.cards.geometry import SWAPS, draft_size, upright_size
from storykit.cards.turned import resize_turned
from storykit.errors import StorykitError

EXT_FORMATS = {
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".jpe": "JPEG",
    ".jfif": "JPEG",
    ".png": "PNG",
    ".webp": "WEBP",
    ".avif": "AVIF",
    ".heic": "HEIF",
    ".heif": "HEIF",
    ".hif": "HEIF",
    ".tif": "TIFF",
    ".tiff": "TIFF",
    ".gif": "GIF",
    ".bmp": "BMP",
}
FORMAT_NAMES = {
    "JPEG": "a JPEG image",
    "MPO": "a JPEG image",
    "PNG": "a PNG image",
    "WEBP": "a WebP image",
    "AVIF": "an AVIF image",
    "HEIF": "a HEIC/HEIF image",
    "TIFF": "a TIFF image",
    "GIF": "a GIF image",
    "BMP": "a BMP image",
}
SAME_FORMAT = {"MPO": "JPEG"}  # iPhone 'portrait' JPEGs open as MPO
FORMAT_EXT = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "AVIF": ".avif", "HEIF": ".heic"}
ORIENTATION = 0x0112
HINT_FORMATS = "use a JPEG, PNG, WebP, AVIF or HEIC photo"


def _sniff(head: bytes) -> str:
    """A description of what a file that is not a readable image seems to be."""
    if not head:
        return "an empty file"
    if head.startswith(b"%PDF"):
        return "a PDF document"
    if head.startswith(b"PK\x03\x04"):
        return "a ZIP archive (or an office document)"
    if head[4:8] == b"ftyp":
        brand = head[8:12].decode("ascii", "replace")
        return f"an ISO media file (brand {brand!r}) that cannot be decoded"
    if head.startswith(b"\xff\xd8"):
        return "a damaged JPEG"
    if head.startswith(b"\x89PNG"):
        return "a damaged PNG"
    if head.lstrip().startswith(b"<"):
        return "an HTML/XML text file"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "not an image format storykit can read"
    return "a text file"


@contextmanager
def _guard(path: Path) -> Iterator[None]:
    """Turn Pillow's failures (bombs, damage, unreadable files) into StorykitError naming *path*."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            yield
        except StorykitError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise StorykitError.at(
                path,
                f"the photo is too large to open safely ({exc})",
                "resize it below 90 megapixels, or check it is the photo you meant",
            ) from exc
        except UnidentifiedImageError as exc:
            try:
                head = path.read_bytes()[:64]
            except OSError:
                head = b""
            raise StorykitError.at(
                path, f"this is not a photo: it is {_sniff(head)}", HINT_FORMATS
            ) from exc
        except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
            raise StorykitError.at(
                path, f"cannot read the photo: {exc.strerror or exc}", "check the path"
            ) from exc
        except (OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError) as exc:
            raise StorykitError.at(
                path,
                f"the photo is damaged or incomplete ({exc})",
                "export or copy the photo again from the phone",
            ) from exc


_heif_taught = False


def _learn_heif() -> bool:
    """Teach Pillow HEIC/HEIF (iPhone photos): pillow-heif decodes them offline with its
    bundled libheif. Done only when Pillow first fails to identify a photo: the import
    costs more than the rest of Pillow's, and most projects have no HEIC. False if it
    was taught already (so a retry would not help)."""
    global _heif_taught
    if _heif_taught:
        return False
    import pillow_heif

    pillow_heif.register_heif_opener()
    _heif_taught = True
    return True


def _open(path: Path) -> Image.Image:
    """Open (header only) and check the content matches the file's extension."""
    try:
        im = Image.open(path)
    except UnidentifiedImageError:
        if not _learn_heif():
            raise
        im = Image.open(path)  # perhaps a HEIC
    fmt = SAME_FORMAT.get(im.format or "", im.format or "")
    expected = EXT_FORMATS.get(path.suffix.lower())
    if expected is None:
        im.close()
        raise StorykitError.at(
            path, f"unsupported photo extension {path.suffix or '(none)'!r}", HINT_FORMATS
        )
    if fmt != expected:
        im.close()
        real = FORMAT_NAMES.get(fmt, f"a {fmt} image")
        raise StorykitError.at(
            path,
            f"the file is named {path.suffix} but it is {real}",
            f"rename it to {path.stem}{FORMAT_EXT.get(fmt, '.' + fmt.lower())}",
        )
    return im


def _orientation(im: Image.Image) -> int:
    try:
        value = int(im.getexif().get(ORIENTATION, 1))
    except (TypeError, ValueError):
        return 1
    return value if 1 <= value <= 8 else 1


@dataclass(frozen=True)
class PhotoInfo:
    """What a photo's header says: format, stored size, EXIF orientation, upright size."""

    path: Path
    format: str
    stored: tuple[int, int]
    orientation: int

    @property
    def size(self) -> tuple[int, int]:
        return upright_size(self.stored, self.orientation)


def probe(path: Path) -> PhotoInfo:
    """Read a photo's header (cheap); raise StorykitError naming the file when it is bad."""
    path = Path(path)
    with _guard(path), _open(path) as im:
        return PhotoInfo(path, im.format or "", im.size, _orientation(im))


def open_photo_size(path: Path) -> tuple[int, int]:
    """The photo's upright size (EXIF orientation applied), reading only its header."""
    return probe(Path(path)).size


@lru_cache(maxsize=1)
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


_SPACE_MODES = {"RGB": ("RGB", "RGBA"), "GRAY": ("L",), "CMYK": ("CMYK",)}


def _to_srgb(im: Image.Image, icc: bytes, path: Path, notes: list[str]) -> Image.Image:
    """Convert pixels from the embedded ICC profile to sRGB (skipped when already sRGB)."""
    try:
        src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        desc = (ImageCms.getProfileDescription(src) or "").strip()
    except (OSError, ImageCms.PyCMSError, TypeError, ValueError):
        notes.append(f"{path}: its colour profile is unreadable; colours are used as stored.")
        return im
    if "srgb" in desc.lower():
        return im
    space = src.profile.xcolor_space.strip().upper()
    if im.mode not in _SPACE_MODES.get(space, ()):
        if space == "GRAY" and im.mode == "LA":
            alpha = im.getchannel("A")
            rgb = _to_srgb(im.convert("L"), icc, path, notes).convert("RGBA")
            rgb.putalpha(alpha)
            return rgb
        notes.append(
            f"{path}: its colour profile ({desc or space}) does not match its "
            f"{im.mode} pixels; colours are used as stored."
        )
        return im
    out_mode = "RGBA" if im.mode == "RGBA" else "RGB"
    try:
        converted = ImageCms.profileToProfile(
            im, src, _srgb(), renderingIntent=ImageCms.Intent.PERCEPTUAL, outputMode=out_mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError) as exc:
        notes.append(f"{path}: its colour profile could not be applied ({exc}).")
        return im
    return converted if converted is not None else im


def _normalise(im: Image.Image) -> Image.Image:
    """Any mode -> RGB, or RGBA when some pixel is see-through; 16-bit scaled, not clipped."""
    mode = im.mode
    if mode.startswith("I;16") or mode == "I":
        im = im.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    elif mode == "F":
        im = im.point(lambda v: v * 255).convert("L")
    elif mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    elif mode in ("PA", "LA", "La", "RGBa", "RGBX"):
        im = im.convert("RGBA" if mode != "RGBX" else "RGB")
    if im.mode == "RGBA":
        lo, _hi = im.getchannel("A").getextrema()
        assert isinstance(lo, (int, float))  # one channel: one (min, max) pair
        return im if lo < 255 else im.convert("RGB")
    if im.mode != "RGB":
        return im.convert("RGB")
    return im


def stored_box(
    box: tuple[float, float, float, float], stored: tuple[int, int], orientation: int
) -> tuple[float, float, float, float]:
    """A box in the upright photo, in the stored (unrotated) frame; both in the same pixels."""
    x0, y0, x1, y1 = box
    ws, hs = stored
    if orientation == 2:
        return (ws - x1, y0, ws - x0, y1)
    if orientation == 3:
        return (ws - x1, hs - y1, ws - x0, hs - y0)
    if orientation == 4:
        return (x0, hs - y1, x1, hs - y0)
    if orientation == 5:
        return (y0, x0, y1, x1)
    if orientation == 6:
        return (y0, hs - x1, y1, hs - x0)
    if orientation == 7:
        return (ws - y1, hs - x1, ws - y0, hs - x0)
    if orientation == 8:
        return (ws - y1, x0, ws - y0, x1)
    return box


@dataclass
class Decoded:
    """A photo decoded once: sRGB pixels at draft scale, still in the stored orientation.

    Cards are cut from it with :meth:`cut`, which crops and resizes in the stored frame
    and turns only the card-sized piece upright. Halvings of the decode (``reduce(2)``,
    made once and kept) serve cards that need half of it or less, the same rule JPEG
    draft decoding follows, so no card is resampled from more pixels than it needs.
    """

    info: PhotoInfo
    stored: Image.Image
    orientation: int = 1
    notes: list[str] = field(default_factory=list)
    _levels: list[Image.Image] = field(default_factory=list, repr=False)
    _upright: Image.Image | None = field(default=None, repr=False)

    @property
    def original_size(self) -> tuple[int, int]:
        return self.info.size

    @property
    def scale(self) -> float:
        """Decoded pixels per original pixel (1, 1/2, 1/4 or 1/8 after a JPEG draft)."""
        return self.stored.width / self.info.stored[0]

    @property
    def size(self) -> tuple[int, int]:
        """The decode's size, upright."""
        w, h = self.stored.size
        return (h, w) if self.orientation in SWAPS else (w, h)

    @property
    def mode(self) -> str:
        return self.stored.mode

    def resize(
        self,
        size: tuple[int, int],
        resample: Image.Resampling,
        box: tuple[float, float, float, float] | None = None,
        reducing_gap: float | None = None,
    ) -> Image.Image:
        """``self.image.resize(...)``: the same pixels, with no upright copy of the whole
        decode made for a turned photo (a 12 MP photo's is 36 MB)."""
        if self._upright is not None:
            return self._upright.resize(size, resample, box, reducing_gap)
        turn = TRANSPOSE.get(self.orientation)
        return resize_turned(self.stored, turn, size, resample, box, reducing_gap)

    @property
    def image(self) -> Image.Image:
        """The whole decode, upright (made on first use)."""
        if self._upright is None:
            t = TRANSPOSE.get(self.orientation)
            self._upright = self.stored if t is None else self.stored.transpose(t)
        return self._upright

    def _level(self, k: int) -> Image.Image:
        if not self._levels:
            self._levels.append(self.stored)
        while len(self._levels) <= k:
            self._levels.append(self._levels[-1].reduce(2))
        return self._levels[k]

    def cut(
        self,
        crop: tuple[float, float, float, float],
        size: tuple[int, int],
        resample: Image.Resampling = Image.Resampling.LANCZOS,
    ) -> Image.Image:
        """The crop (upright, in original pixels) at *size* (upright), as an upright image.

        A plain crop when no scaling is needed (within half a pixel), else one resize
        (Lanczos unless told) from the smallest halving of the decode that has the pixels.
        """
        swap = self.orientation in SWAPS
        box = stored_box(crop, self.info.stored, self.orientation)
        w, h = (size[1], size[0]) if swap else size
        k = self.scale
        # the card's pixels per original pixel; a halving is used while it still covers it
        need = max(w / max(1e-9, box[2] - box[0]), h / max(1e-9, box[3] - box[1]))
        level = 0
        src = self.stored
        while self.stored.mode in ("RGB", "RGBA", "L") and k / 2 >= need * 0.999:
            nxt = self._level(level + 1)
            if min(nxt.size) < 1:
                break
            level += 1
            k /= 2
            src = nxt
        x0, y0, x1, y1 = (v * k for v in box)
        x0, y0 = max(0.0, x0), max(0.0, y0)
        x1, y1 = min(float(src.width), x1), min(float(src.height), y1)
        t = TRANSPOSE.get(self.orientation)
        if abs((x1 - x0) - w) < 0.5 and abs((y1 - y0) - h) < 0.5:
            left = min(max(0, round(x0)), src.width - w)
            top = min(max(0, round(y0)), src.height - h)
            if (left, top, w, h) == (0, 0, *src.size) and t is not None:
                return src.transpose(t)  # the whole of it: the transpose is the only copy
            piece = src.crop((left, top, left + w, top + h))
        else:
            piece = src.resize((w, h), resample, box=(x0, y0, x1, y1), reducing_gap=3.0)
        return piece if t is None else piece.transpose(t)


Upright = Image.Image | Decoded  # a photo, upright: an image, or a decode resized as one


def as_rgb(photo: Upright) -> Upright:
    """The upright photo itself when it is RGB, else converted (then whole)."""
    if photo.mode == "RGB":
        return photo
    return (photo.image if isinstance(photo, Decoded) else photo).convert("RGB")


def decode(info: PhotoInfo, need: float) -> Decoded:
    """Decode the photo once, at the smallest JPEG draft scale that still covers *need*.

    *need* is the largest fraction of the original size any card made from it shows.
    The result is sRGB, and RGB (RGBA if see-through), in the stored orientation; its
    ``image`` is upright (EXIF orientation applied) and ``cut`` makes upright pieces.
    """
    path = info.path
    notes: list[str] = []
    with _guard(path):
        im = _open(path)
        try:
            if im.format in ("JPEG", "MPO"):
                im.draft("RGB" if im.mode == "RGB" else im.mode, draft_size(im.size, need))
            im.load()
        except BaseException:
            im.close()
            raise
        icc = im.info.get("icc_profile")
        orientation = _orientation(im)
        out: Image.Image = im
        if icc:
            out = _to_srgb(out, icc, path, notes)
        out = _normalise(out)
        return Decoded(info, out, orientation, notes)


def verify(path: Path) -> tuple[PhotoInfo, list[str]]:
    """Decode the whole photo as cheaply as it can be, to find damage its header does not
    show (a file cut short): a JPEG at its smallest draft scale (1/8), other formats as
    they come. Its header's information and the notes its decode for cards gives (about
    its colour profile); raises the StorykitError that decoding it for cards would."""
    info = probe(Path(path))
    return info, decode(info, 0.0).notes


# EXIF orientation -> the transpose that makes the stored pixels upright
TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

__all__ = ["Decoded", "PhotoInfo", "decode", "open_photo_size", "probe", "verify"]
