"""Where the package's own files live: the built-in templates, the fonts, and the data files."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent  # storykit's code (its digest goes in fingerprints)
TEMPLATES = PACKAGE / "templates"  # built-in templates; a project's templates/ overrides them
FONTS = PACKAGE / "fonts"  # fonts shipped with their licences
DATA = PACKAGE / "data"  # data files shipped with their provenance
MODELS = PACKAGE / "models"  # model weights shipped with their licences and provenance
