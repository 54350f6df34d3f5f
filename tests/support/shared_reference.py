"""Access to the shared reference material (official TMF documents) that lives next to the repository.

The official TMF Open API documents are not part of the repository; they are kept in a `shared/` folder
beside it (`<repo>/../shared/tmf/specs/TMF629/...`). Tests that compare against them call
`require_shared()`: on a developer machine without that folder they are skipped with a clear reason, but
in CI (`CI=true`) a missing reference is an error, so conformance checks cannot silently vanish.
"""

from __future__ import annotations

from pathlib import Path

from tests.support.ci import unavailable

REPO_ROOT: Path = Path(__file__).resolve().parents[2]


def shared_dir(repo_root: Path | str = REPO_ROOT) -> Path:
    """The shared reference folder: the sibling `shared/` of the repository root."""
    return Path(repo_root).resolve().parent / "shared"


def tmf_specs_dir(repo_root: Path | str = REPO_ROOT) -> Path:
    """Folder of the official TMF documents, one sub-folder per API (`TMF629/`, `TMF666/`, ...)."""
    return shared_dir(repo_root) / "tmf" / "specs"


def require_shared(relative: str | Path = "", repo_root: Path | str = REPO_ROOT, *, shared: Path | None = None) -> Path:
    """Return `shared/<relative>`, or skip the test (fail it in CI) when that path does not exist."""
    path = (shared or shared_dir(repo_root)) / relative
    if not path.exists():
        unavailable(f"shared reference material not found: {path} "
                    "(the official TMF and ODA documents are expected in a 'shared' folder beside the repository)")
    return path
