"""The font caches are keyed by the file's state: a font replaced on disk is read again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from storykit.cards import fonts
from storykit.package_data import FONTS


def test_a_font_replaced_on_disk_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "Brand.ttf"
    shutil.copyfile(FONTS / "OpenSans-Regular.ttf", path)
    first = fonts.font_file(str(path))
    assert first is not None and ord("A") in first.cmap
    assert fonts.load(str(path), 40).getlength("A") > 0
    path.write_bytes(b"not a font any more")
    os.utime(path, ns=(1, 1))  # a different time too, whatever the clock's resolution
    assert fonts.font_file(str(path)) is None  # not the cached reading of the old file


def test_an_unchanged_font_is_read_once(tmp_path: Path) -> None:
    path = tmp_path / "Brand.ttf"
    shutil.copyfile(FONTS / "OpenSans-Bold.ttf", path)
    assert fonts.font_file(str(path)) is fonts.font_file(str(path))
    assert fonts.load(str(path), 32) is fonts.load(str(path), 32)
