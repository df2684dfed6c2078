"""A frame as the encoder takes it: Y, U and V planes (yuv420p, BT.709, limited range) as
Pillow "L" images, so frames are cut, scaled and pasted on without converting colours."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image

if TYPE_CHECKING:
    import av

RESAMPLE = Image.Resampling.BILINEAR  # per frame, from a source scaled near the frame's size
BLACK_YUV = (16, 128, 128)  # black in BT.709 limited range
# BT.709 limited range to RGB: Y's scale, V into R, U and V out of G, U into B
YUV_TO_RGB = (255 / 219, 1.792741, 0.213249, 0.532909, 2.112402)
RGB_BAND = 128  # rows converted to RGB at a time (even: each half-size chroma row is whole)


@dataclass
class Planes:
    """A yuv420p picture: y at full size, u and v at half (its width and height even)."""

    y: Image.Image
    u: Image.Image
    v: Image.Image

    @property
    def size(self) -> tuple[int, int]:
        return self.y.size

    def resized(self, size: tuple[int, int], box: tuple[float, float, float, float]) -> Planes:
        """The *box* (px of y) scaled to *size* (even): one resize per plane."""
        half = (size[0] // 2, size[1] // 2)
        hbox = (box[0] / 2, box[1] / 2, box[2] / 2, box[3] / 2)
        return Planes(
            self.y.resize(size, RESAMPLE, box=box),
            self.u.resize(half, RESAMPLE, box=hbox),
            self.v.resize(half, RESAMPLE, box=hbox),
        )

    def transposed(self, method: Image.Transpose) -> Planes:
        return Planes(self.y.transpose(method), self.u.transpose(method), self.v.transpose(method))

    def copy(self) -> Planes:
        return Planes(self.y.copy(), self.u.copy(), self.v.copy())

    def paste_color(
        self, yuv: tuple[int, int, int], at: tuple[int, int], mask: Image.Image, half: Image.Image
    ) -> None:
        """Lay a flat colour through *mask* (and *half*, the mask at half size; *at* even) on
        every plane."""
        self.y.paste(yuv[0], at, mask)
        hat = (at[0] // 2, at[1] // 2)
        self.u.paste(yuv[1], hat, half)
        self.v.paste(yuv[2], hat, half)

    def paste(
        self, piece: Planes, at: tuple[int, int], mask: Image.Image, half: Image.Image
    ) -> None:
        """Lay *piece* through *mask* (and *half*, the mask at half size) at *at* (even)."""
        self.y.paste(piece.y, at, mask)
        hat = (at[0] // 2, at[1] // 2)
        self.u.paste(piece.u, hat, half)
        self.v.paste(piece.v, hat, half)

    def put(self, piece: Planes, at: tuple[int, int]) -> None:
        """Lay *piece* (opaque) at *at* (even) on every plane."""
        self.y.paste(piece.y, at)
        hat = (at[0] // 2, at[1] // 2)
        self.u.paste(piece.u, hat)
        self.v.paste(piece.v, hat)

    def to_frame(self) -> av.VideoFrame:
        """The planes as a PyAV frame: each copied into the frame's own rows (as
        VideoFrame.from_ndarray does, without first joining them into one array)."""
        import av

        w, h = self.size
        frame = av.VideoFrame(w, h, "yuv420p")
        for plane, image in zip(frame.planes, (self.y, self.u, self.v), strict=True):
            rows = np.frombuffer(memoryview(plane), np.uint8).reshape(plane.height, plane.line_size)
            rows[:, : plane.width] = np.asarray(image)
        return frame

    def to_rgb(self) -> Image.Image:
        """The picture in sRGB, as a player shows it (BT.709, limited range), converted
        with numpy (no FFmpeg call from the drawing thread), a band of rows at a time: the
        float32 intermediates of a whole 1080x1920 frame came to 95 MB, on top of the
        encoder's memory (each pixel's arithmetic is the same, so are its bytes)."""
        w, h = self.size
        y8, u8, v8 = np.asarray(self.y), np.asarray(self.u), np.asarray(self.v)
        out = np.empty((h, w, 3), dtype=np.uint8)
        for top in range(0, h, RGB_BAND):
            rows = slice(top, min(h, top + RGB_BAND))
            half = slice(top // 2, (rows.stop + 1) // 2)
            n = rows.stop - top
            y = y8[rows].astype(np.float32) - 16.0
            u = u8[half].astype(np.float32).repeat(2, 0).repeat(2, 1)[:n, :w] - 128.0
            v = v8[half].astype(np.float32).repeat(2, 0).repeat(2, 1)[:n, :w] - 128.0
            rgb = np.empty((n, w, 3), dtype=np.float32)
            rgb[..., 0] = YUV_TO_RGB[0] * y + YUV_TO_RGB[1] * v
            rgb[..., 1] = YUV_TO_RGB[0] * y - YUV_TO_RGB[2] * u - YUV_TO_RGB[3] * v
            rgb[..., 2] = YUV_TO_RGB[0] * y + YUV_TO_RGB[4] * u
            out[rows] = np.clip(rgb + 0.5, 0, 255).astype(np.uint8)
        return Image.fromarray(out)


def from_frame(frame: av.VideoFrame) -> Planes:
    """A yuv420p PyAV frame's planes (copied out)."""
    out = []
    for plane in frame.planes:
        rows = np.frombuffer(memoryview(plane), np.uint8).reshape(plane.height, plane.line_size)
        out.append(Image.fromarray(np.ascontiguousarray(rows[:, : plane.width])))
    return Planes(out[0], out[1], out[2])


def from_rgb(image: Image.Image) -> Planes:
    """An RGB image (its width and height even) in BT.709 limited-range planes."""
    import av

    rgb_image = image if image.mode == "RGB" else image.convert("RGB")  # no copy to convert
    rgb = av.VideoFrame.from_ndarray(np.asarray(rgb_image), format="rgb24")
    frame = rgb.reformat(format="yuv420p", dst_colorspace="ITU709", dst_color_range="MPEG")
    return from_frame(frame)


def even(n: float) -> int:
    """*n* rounded to an even number, at least 2."""
    return max(2, 2 * round(n / 2))
