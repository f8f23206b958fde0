"""The opaque `cursor` of deep paging: a point-in-time id and the sort values of the last hit.

`from`/`size` paging stops at the index's result window (10,000); `search_after` inside a
point in time does not, and sees one consistent snapshot while the index keeps changing.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass


class InvalidCursor(ValueError):
    """The cursor was not made by this API for this query."""


@dataclass(frozen=True)
class Cursor:
    fingerprint: str
    search_after: list
    delivered: int
    pit_id: str | None = None

    def encode(self) -> str:
        payload = {"k": self.fingerprint, "a": self.search_after, "n": self.delivered, "p": self.pit_id}
        raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")

    @classmethod
    def decode(cls, token: str, fingerprint: str) -> Cursor:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            payload = json.loads(raw.decode("utf-8"))
            cursor = cls(fingerprint=str(payload["k"]), search_after=list(payload["a"]),
                         delivered=int(payload["n"]), pit_id=payload.get("p"))
        except (binascii.Error, ValueError, UnicodeDecodeError, KeyError, TypeError) as exc:
            raise InvalidCursor("not a cursor returned by this API") from exc
        if cursor.fingerprint != fingerprint:
            raise InvalidCursor("the cursor belongs to another query: send the same q, filters and sort with it")
        if cursor.pit_id is not None and not isinstance(cursor.pit_id, str):
            raise InvalidCursor("not a cursor returned by this API")
        if not all(isinstance(value, (str, int, float)) for value in cursor.search_after) or not cursor.search_after:
            raise InvalidCursor("not a cursor returned by this API")
        return cursor
