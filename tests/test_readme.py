"""The README documents every setting the application reads, and the two commands."""

from __future__ import annotations

from pathlib import Path

from pops.config import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def test_every_setting_is_documented() -> None:
    missing = [f"POPS_{name.upper()}" for name in Settings.model_fields if f"`POPS_{name.upper()}`" not in README]
    assert missing == []


def test_the_two_commands_are_given() -> None:
    assert "make run" in README and "make test" in README
