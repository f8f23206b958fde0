"""Make zip-based office files byte-for-byte reproducible.

python-docx, python-pptx, openpyxl and odfpy stamp every zip member with the current time;
rewriting the archive with a fixed timestamp keeps rebuilt files identical when the text is.
"""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Callable
from pathlib import Path

MemberRewrite = Callable[[str, bytes], bytes]


def normalize_zip(path: Path, when: datetime.date, rewrite: MemberRewrite | None = None) -> None:
    """Rewrite the archive at `path` with every member dated `when`, keeping order and compression.

    `rewrite(name, data)`, if given, may change a member's content on the way.
    """
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info.filename)) for info in archive.infolist()]
    if rewrite is not None:
        members = [(info, rewrite(info.filename, data)) for info, data in members]
    stamp = (when.year, when.month, when.day, 12, 0, 0)
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in members:
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = info.compress_type
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 3
            archive.writestr(fixed, data)
