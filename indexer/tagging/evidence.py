"""Why a tag was given: the phrases found for it, how often, and the score they added up to."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Evidence:
    id: str | int
    phrases: dict[str, int] = field(default_factory=dict)
    score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "phrases": dict(sorted(self.phrases.items())), "score": round(self.score, 3)}
