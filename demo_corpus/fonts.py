"""Locate the TrueType fonts the PDF and scanned-image builders need.

Latin and Cyrillic use DejaVu (Debian package fonts-dejavu-core); Chinese uses Droid Sans
Fallback (fonts-droid-fallback), which has TrueType outlines that reportlab can embed.
"""

from __future__ import annotations

from pathlib import Path

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")

FONT_FILES = {
    "sans": "DejaVuSans.ttf",
    "sans-bold": "DejaVuSans-Bold.ttf",
    "serif": "DejaVuSerif.ttf",
    "serif-bold": "DejaVuSerif-Bold.ttf",
    "han": "DroidSansFallbackFull.ttf",
}

PACKAGES = {
    "sans": "fonts-dejavu-core",
    "sans-bold": "fonts-dejavu-core",
    "serif": "fonts-dejavu-core",
    "serif-bold": "fonts-dejavu-core",
    "han": "fonts-droid-fallback",
}


def font_path(role: str) -> Path:
    """Path of the font file for a role ("sans", "han", ...); fails with the package to install."""
    name = FONT_FILES[role]
    for directory in FONT_DIRS:
        if directory.is_dir():
            found = sorted(directory.rglob(name))
            if found:
                return found[0]
    raise FileNotFoundError(f"font {name} not found; install the Debian package {PACKAGES[role]}")
