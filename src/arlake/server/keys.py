"""API keys of the HTTP server: `<data>/api_keys.json`, outside the warehouse, so rebuilds keep them.

A key is `arlake_` followed by 32 random bytes (secrets.token_urlsafe), printed once when it is created. The file
stores only its SHA-256 digest, with the key's id, its organizations and its creation (and revocation) time.
A plain SHA-256 suffices: a slow password hash (scrypt, argon2) protects secrets a person chose, which can be
guessed; 256 random bits cannot be searched whatever the hash, and a fast digest keeps every request cheap. The
server compares the digest of the presented key with every stored one in constant time (hmac.compare_digest,
no early exit), so response times say nothing about how much of a digest matched.

The file is rewritten whole under an exclusive lock (a temporary file renamed over it, mode 0600); the server
reads it again whenever it changes, so a revoked key stops working at its next request.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import hmac
import json
import os
import secrets
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, NotFoundError, ParameterError

KEYS_FILE = "api_keys.json"
TOKEN_PREFIX = "arlake_"
TOKEN_BYTES = 32
FORMAT_VERSION = 1


@dataclass(frozen=True)
class ApiKey:
    key_id: str
    organizations: tuple[str, ...]
    created_at: str
    revoked_at: str | None
    sha256: str  # hex digest of the key

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def to_json(self) -> dict:
        return {
            "id": self.key_id,
            "organizations": list(self.organizations),
            "created_at": self.created_at,
            "revoked_at": self.revoked_at,
            "sha256": self.sha256,
        }


def keys_path(data: Path) -> Path:
    return data / KEYS_FILE


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def read_keys(path: Path) -> list[ApiKey]:
    """The keys of `path` (none when it does not exist); a file that is not a key file is exit 3 naming it."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot read the API key file {path}: {exc}") from None
    try:
        document = json.loads(text)
        keys = [
            ApiKey(
                key_id=item["id"],
                organizations=tuple(item["organizations"]),
                created_at=item["created_at"],
                revoked_at=item.get("revoked_at"),
                sha256=item["sha256"],
            )
            for item in document["keys"]
        ]
    except (ValueError, KeyError, TypeError) as exc:
        raise DataError(
            f"the API key file {path} is not an arlake key file ({type(exc).__name__}: {exc})"
        ) from None
    for key in keys:
        if not (
            isinstance(key.key_id, str)
            and isinstance(key.sha256, str)
            and len(key.sha256) == 64
            and all(isinstance(o, str) and o for o in key.organizations)
        ):
            raise DataError(f"the API key file {path} holds a malformed key entry ({key.key_id!r})")
    return keys


@contextlib.contextmanager
def _locked(data: Path) -> Iterator[Path]:
    """An exclusive lock for rewriting the key file of `data`; yields the file's path."""
    path = keys_path(data)
    if not data.is_dir():
        raise DataError(f"the data directory {data} does not exist")
    try:
        lock = open(data / ".api_keys.lock", "a")  # noqa: SIM115 - held for the duration of the block
    except OSError as exc:
        raise DataError(f"cannot lock the API key file in {data}: {exc.strerror or exc}") from None
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield path


def _write(path: Path, keys: list[ApiKey]) -> None:
    text = json.dumps({"version": FORMAT_VERSION, "keys": [k.to_json() for k in keys]}, indent=2) + "\n"
    try:
        fd, temporary = tempfile.mkstemp(prefix=".api_keys.", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, 0o600)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError as exc:
        raise DataError(f"cannot write the API key file {path}: {exc.strerror or exc}") from None


def create_key(data: Path, organizations: list[str]) -> tuple[str, ApiKey]:
    """A new key for `organizations`: (the key, to show once; its stored entry)."""
    chosen: list[str] = []
    for organization in organizations:
        if not isinstance(organization, str) or not organization.strip():
            raise ParameterError(
                f"invalid value {organization!r} for --organization-id: expected an organization id"
            )
        if organization not in chosen:
            chosen.append(organization)
    if not chosen:
        raise ParameterError("--organization-id is required: the organizations the key may read (repeat it)")
    token = TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
    with _locked(data) as path:
        keys = read_keys(path)
        taken = {k.key_id for k in keys}
        key_id = "key_" + secrets.token_hex(6)
        while key_id in taken:
            key_id = "key_" + secrets.token_hex(6)
        key = ApiKey(key_id, tuple(chosen), _now(), None, digest(token))
        _write(path, [*keys, key])
    return token, key


def list_keys(data: Path) -> list[ApiKey]:
    return read_keys(keys_path(data))


def revoke_key(data: Path, key_id: str) -> ApiKey:
    """Revoke key `key_id` (kept in the file with its revocation time); unknown: exit 4."""
    with _locked(data) as path:
        keys = read_keys(path)
        for i, key in enumerate(keys):
            if key.key_id == key_id:
                if key.active:
                    key = ApiKey(key.key_id, key.organizations, key.created_at, _now(), key.sha256)
                    keys[i] = key
                    _write(path, keys)
                return key
    raise NotFoundError(f"no API key with id {key_id!r} (arlake keys list shows them)")


class KeyStore:
    """The server's view of the key file: read again whenever the file changes (inode, size or modification
    time), so keys created or revoked while the server runs take effect at the next request."""

    def __init__(self, data: Path):
        self.path = keys_path(data)
        self._lock = threading.Lock()
        self._stamp: tuple | None = None
        self._keys: list[ApiKey] = []
        self._error: DataError | None = None

    def _refresh(self) -> None:
        try:
            st = os.stat(self.path)
            stamp: tuple | None = (st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns)
        except FileNotFoundError:
            stamp = None
        except OSError as exc:
            raise DataError(f"cannot read the API key file {self.path}: {exc.strerror or exc}") from None
        with self._lock:
            if stamp == self._stamp and self._stamp is not None:
                return
            try:
                keys, error = read_keys(self.path), None
            except DataError as exc:
                keys, error = [], exc
            self._stamp, self._keys, self._error = stamp, keys, error

    def has_keys(self) -> bool:
        self._refresh()
        return any(k.active for k in self._keys)

    def authenticate(self, token: str) -> ApiKey | None:
        """The active key whose digest is the token's, else None. Every stored digest is compared, in constant
        time. An unreadable key file is a DataError (the server answers 503: no key can be checked)."""
        self._refresh()
        if self._error is not None:
            raise self._error
        presented = digest(token)
        found = None
        for key in self._keys:
            if hmac.compare_digest(key.sha256, presented) and key.active:
                found = key
        return found
