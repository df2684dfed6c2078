"""Command line: the only place that prints, turns problems into messages and sets exit codes.

`main` is the program (cli/program.py); each module adds its commands to it.
"""

from __future__ import annotations

from storykit.cli import building, casefiles, sharing  # noqa: F401  (their commands)
from storykit.cli.program import main

__all__ = ["main"]
