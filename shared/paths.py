"""Where a caller-given file path may point: both the orchestrator and the worker refuse the same
escapes (`..`, symlinks leaving the allowed roots) with the same codes."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from shared.errors import ErrorCode, ServiceError


def resolve_inside(raw: str, roots: Sequence[Path]) -> Path:
    """Resolve `raw` (relative paths from the first root) to an existing file inside `roots`.

    Symlinks and `..` are resolved first, so a link or a traversal that leaves the roots is
    refused even when the literal path starts with a root.

    Raises:
        ServiceError: FORBIDDEN_PATH outside the roots (or with no roots), FILE_NOT_FOUND when
            nothing is there, INVALID_REQUEST for a path the OS cannot represent.
    """
    if not roots:
        raise ServiceError(ErrorCode.FORBIDDEN_PATH, "File paths are not accepted here.")
    path = Path(raw)
    if not path.is_absolute():
        path = roots[0] / path
    try:
        real = Path(os.path.realpath(path))
    except (ValueError, OSError) as exc:
        raise ServiceError(ErrorCode.INVALID_REQUEST, "The file path is not valid.") from exc
    if not any(real.is_relative_to(os.path.realpath(root)) for root in roots):
        raise ServiceError(
            ErrorCode.FORBIDDEN_PATH,
            f"The path {raw!r} is outside the allowed directories.",
            {"allowed_roots": [str(r) for r in roots]},
        )
    if not real.is_file():
        raise ServiceError(ErrorCode.FILE_NOT_FOUND, f"No audio file at {raw!r}.")
    return real


def too_large(limit: int, size: int | None = None) -> ServiceError:
    """PAYLOAD_TOO_LARGE for a file of `size` bytes (unknown: still growing) over `limit`."""
    shown = f"{size} bytes" if size is not None else "more"
    return ServiceError(
        ErrorCode.PAYLOAD_TOO_LARGE,
        f"The audio is too large ({shown}); the limit is {limit} bytes.",
        {"max_bytes": limit},
    )
