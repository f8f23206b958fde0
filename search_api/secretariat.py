"""The secretariat's key: from POPS_SECRETARIAT_KEY, else generated once and kept in the state directory."""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from pops.config import Settings

KEY_FILE = "secretariat.key"

bearer = HTTPBearer(auto_error=False, description="The secretariat key (`pops secretariat-key` prints it).")


def key_path(settings: Settings) -> Path:
    return settings.state_dir / KEY_FILE


def secretariat_key(settings: Settings) -> str:
    """The configured key, or the one kept in `<state_dir>/secretariat.key` (created, mode 600, on first use)."""
    if settings.secretariat_key is not None and settings.secretariat_key.get_secret_value():
        return settings.secretariat_key.get_secret_value()
    path = key_path(settings)
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(32)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(key + "\n")
    return key


def key_matches(given: str, expected: str) -> bool:
    """Constant-time comparison, so response times reveal nothing about the key."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


async def require_secretariat(request: Request,
                              credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:
    """Dependency of the secretariat's endpoints: 401 unless `Authorization: Bearer <key>` is right."""
    expected = request.app.state.secretariat_key
    if credentials is None or credentials.scheme.lower() != "bearer" or not key_matches(credentials.credentials,
                                                                                        expected):
        raise HTTPException(status_code=401, detail="the secretariat key is required: Authorization: Bearer <key>",
                            headers={"WWW-Authenticate": "Bearer"})
