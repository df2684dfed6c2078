"""Remake the corpus photos from ../shared/photos: downscaled, cropped, re-encoded, no metadata.

Run from the repository root: .venv/bin/python tests/corpus/photos/make_photos.py
The files it writes are derivatives (never byte copies) of the photos credited in SOURCES.md.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[2].parent / "shared" / "photos"
LONG_EDGE = 800

# corpus file -> (shared file, crop box as fractions left, top, right, bottom)
PHOTOS: dict[str, tuple[str, tuple[float, float, float, float]]] = {
    "bear-beach.jpg": ("dreambooth_dog7-02_retriever-beach.jpg", (0.0, 0.0, 1.0, 1.0)),
    "bear-close.jpg": ("dreambooth_dog7-02_retriever-beach.jpg", (0.2, 0.1, 0.8, 0.7)),
    "marmalade.jpg": ("dreambooth_cat-00_ginger-cat.jpg", (0.0, 0.0, 1.0, 1.0)),
    "pepper.jpg": ("dreambooth_cat2-03_grey-cat.jpg", (0.0, 0.0, 1.0, 1.0)),
    "salt.jpg": ("ibm-max_cat_tabby.jpg", (0.0, 0.0, 1.0, 1.0)),
    "puppies-all.jpg": ("ibm-max_dog_beagle-puppy.jpg", (0.0, 0.0, 1.0, 1.0)),
    "puppy-juniper.jpg": ("ibm-max_dog_beagle-puppy.jpg", (0.15, 0.0, 0.85, 1.0)),
    "puppy-maple.jpg": ("dreambooth_dog6-00_corgi-puppy.jpg", (0.0, 0.0, 1.0, 1.0)),
    "scout.jpg": ("dreambooth_dog8-04_border-collie.jpg", (0.0, 0.0, 1.0, 1.0)),
    "kittens-box.jpg": ("placecal_good-cat-picture.jpg", (0.0, 0.0, 1.0, 1.0)),
    "kitten-clover.jpg": ("placecal_test_image_cat.jpg", (0.0, 0.0, 1.0, 1.0)),
    "olive.jpg": ("skimage_chelsea_cat.png", (0.0, 0.0, 1.0, 1.0)),
    "nugget.jpg": ("dreambooth_dog6-00_corgi-puppy.jpg", (0.1, 0.1, 0.9, 0.9)),
    "moose.jpg": ("ibm-max_dog_beagle-puppy.jpg", (0.3, 0.0, 0.8, 0.75)),
    "noodle.jpg": ("ibm-max_cat_tabby.jpg", (0.15, 0.0, 0.85, 1.0)),
    "tiny-kitten.jpg": ("placecal_test_image_cat.jpg", (0.45, 0.2, 0.95, 0.95)),
    "rosie.jpg": ("dreambooth_cat-00_ginger-cat.jpg", (0.0, 0.15, 0.75, 0.9)),
    "daisy.jpg": ("dreambooth_dog8-04_border-collie.jpg", (0.15, 0.0, 0.9, 0.75)),
    "mochi.jpg": ("dreambooth_cat2-03_grey-cat.jpg", (0.35, 0.0, 1.0, 0.65)),
}


def make(name: str, source: str, box: tuple[float, float, float, float]) -> None:
    """Write one corpus photo: the crop of *source*, long edge at most LONG_EDGE, plain JPEG."""
    with Image.open(SHARED / source) as im:
        w, h = im.size
        crop = im.convert("RGB").crop(
            (round(box[0] * w), round(box[1] * h), round(box[2] * w), round(box[3] * h))
        )
    scale = min(1.0, LONG_EDGE / max(crop.size))
    if scale < 1.0:
        size = (round(crop.width * scale), round(crop.height * scale))
        crop = crop.resize(size, Image.Resampling.LANCZOS)
    # saved with no exif= or icc_profile= argument: no metadata is written
    crop.save(HERE / name, "JPEG", quality=80, optimize=True, progressive=False)


def main() -> None:
    """Write every corpus photo."""
    if not SHARED.is_dir():
        raise SystemExit(f"{SHARED} is absent: the corpus photos are made from its photos")
    for name, (source, box) in PHOTOS.items():
        make(name, source, box)


if __name__ == "__main__":
    main()
