"""JSON Schema for case files and storykit.yaml, generated from the same models that validate."""

from __future__ import annotations

from typing import Any

from storykit.load.model import Config, Story

# a JSON Schema document: JSON of any shape by its nature (the schema's own schema checks it)
JsonSchema = dict[str, Any]


def json_schema(*, config: bool = False) -> JsonSchema:
    """The JSON Schema (draft 2020-12) of a case file, or of storykit.yaml with config=True."""
    model = Config if config else Story
    schema = model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://storykit.invalid/schema/{'storykit' if config else 'story'}.json",
        **schema,
    }
