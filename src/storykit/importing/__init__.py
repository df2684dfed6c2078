"""Bring the animals a rescue already has into case files: `storykit import`."""
