"""Run storykit as `python -m storykit`."""

from __future__ import annotations

from storykit.cli import main

if __name__ == "__main__":  # not when a worker process imports it
    main(prog_name="storykit")
