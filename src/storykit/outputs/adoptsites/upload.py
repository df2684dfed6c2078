"""The upload folders: each site's files, ready to send as they are, from the listing records."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from storykit.outputs.adoptsites import adoptapet, petfinder
from storykit.outputs.adoptsites.rules import csv_rules
from storykit.outputs.listing import ListingRecord

FOLDER = "upload"
PETFINDER = f"{FOLDER}/petfinder"
ADOPTAPET = f"{FOLDER}/adoptapet"
PETFINDER_CSV = "petfinder.csv"
PHOTOS = "photos"


@dataclass
class Uploads:
    """What goes into output/upload/: files made here, and photos copied from output/."""

    files: dict[str, bytes] = field(default_factory=dict)  # path in output/ -> bytes
    photos: dict[str, str] = field(default_factory=dict)  # path in output/ -> web photo copied
    clashes: list[tuple[str, str]] = field(default_factory=list)  # (story, ID) left out
    petfinder_rows: int = 0  # animals in Petfinder's data file


def _unique(
    records: Iterable[ListingRecord], clashes: list[tuple[str, str]]
) -> list[ListingRecord]:
    """The records whose upload ID no earlier record has (the others are clashes)."""
    seen: set[str] = set()
    out = []
    for record in records:
        uid = petfinder.upload_id(record).casefold()
        if uid in seen:
            clash = (record["story"], record["id"])
            if clash not in clashes:
                clashes.append(clash)
            continue
        seen.add(uid)
        out.append(record)
    return out


def petfinder_file(shelter_id: str | None) -> str:
    """The name of Petfinder's data file: the shelter's ID, as Petfinder's import reads it
    (asm3's publishers/petfinder.py uploads it so), else petfinder.csv until one is set."""
    return shelter_id or PETFINDER_CSV


def uploads(records: list[ListingRecord], shelter_id: str | None = None) -> Uploads:
    """Petfinder's and Adopt-a-Pet's upload folders for the records (sorted by story)."""
    made = Uploads()
    limit = csv_rules(petfinder.SITE).photos
    rows = []
    for record in _unique(petfinder.listed(records), made.clashes):
        names = petfinder.photo_names(record, limit)
        rows.append(petfinder.row(record, names))
        for name, source in zip(names, record["photos"], strict=False):
            made.photos[f"{PETFINDER}/{PHOTOS}/{name}"] = f"{record['story']}/{source}"
    made.files[f"{PETFINDER}/{petfinder_file(shelter_id)}"] = petfinder.write_csv(rows)
    made.petfinder_rows = len(rows)
    rows = []
    for record in _unique(adoptapet.listed(records), made.clashes):
        rows.append(adoptapet.row(record))
        names = petfinder.photo_names(record, None)
        for name, source in zip(names, record["photos"], strict=True):
            made.photos[f"{ADOPTAPET}/{PHOTOS}/{name}"] = f"{record['story']}/{source}"
    made.files[f"{ADOPTAPET}/{adoptapet.CSV_NAME}"] = adoptapet.write_csv(rows)
    made.files[f"{ADOPTAPET}/{adoptapet.MAP_NAME}"] = adoptapet.import_cfg()
    return made
