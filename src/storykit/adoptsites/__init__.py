"""Files for adoption sites: Petfinder's and Adopt-a-Pet's imports, and what a story lacks."""

from __future__ import annotations

from .checks import listing_problems
from .upload import Uploads, uploads

__all__ = ["Uploads", "listing_problems", "uploads"]
