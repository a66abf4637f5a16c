"""BLAKE2b, the hash the game keys its caches and its events' draws by, as `hashlib` gives it.

Importing `hashlib` loads OpenSSL's hashes for all its others, a millisecond and a half that a start straight into
play would spend on none of them: BLAKE2b is CPython's own module, which `hashlib` itself takes it from."""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:     # an interpreter without CPython's own module: hashlib's, the same hash
    from hashlib import blake2b

__all__ = ["blake2b"]
