"""Files for adoption sites: Petfinder's and Adopt-a-Pet's imports, and what a story lacks."""

from __future__ import annotations

from storykit.outputs.adoptsites.checks import listing_problems
from storykit.outputs.adoptsites.upload import Uploads, uploads

__all__ = ["Uploads", "listing_problems", "uploads"]
