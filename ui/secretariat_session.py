"""Signing the secretariat in to the dashboard with the same key the API's gap endpoints require.

The browser keeps a session token derived from the key (HMAC), never the key itself, in an
HttpOnly, SameSite=Strict cookie scoped to the dashboard. The key is compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac

from fastapi import Request, Response

from search_api.secretariat import key_matches

COOKIE_NAME = "pops_secretariat"
COOKIE_PATH = "/secretariat"
SESSION_SECONDS = 8 * 3600
_PURPOSE = b"pops-search secretariat dashboard session"


def session_token(key: str) -> str:
    return hmac.new(key.encode("utf-8"), _PURPOSE, hashlib.sha256).hexdigest()


def signed_in(request: Request) -> bool:
    token = request.cookies.get(COOKIE_NAME)
    if not token:
        return False
    return hmac.compare_digest(token.encode("utf-8"), session_token(request.app.state.secretariat_key).encode("utf-8"))


def sign_in(request: Request, response: Response, given_key: str) -> bool:
    """Set the session cookie on `response` when `given_key` is the secretariat key."""
    expected = request.app.state.secretariat_key
    if not key_matches(given_key, expected):
        return False
    response.set_cookie(COOKIE_NAME, session_token(expected), max_age=SESSION_SECONDS, path=COOKIE_PATH,
                        httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return True


def sign_out(response: Response) -> None:
    response.delete_cookie(COOKIE_NAME, path=COOKIE_PATH, httponly=True, samesite="strict")
