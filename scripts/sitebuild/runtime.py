"""What the browser needs to run the checker: the pinned Pyodide runtime (from
its npm package), the checker package and a Pyodide memory snapshot with the
checker already imported. Every file is named by its version or content hash,
so hosts can cache them for good."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from mkdocs.exceptions import PluginError

import checker

PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
CHECKER_ASSETS = "assets/checker"
BROWSER = resources.files(__package__).joinpath("browser")
BROWSER_FILES = ("checker.js", "worker.js")  # shipped as they are, into CHECKER_ASSETS
SNAPSHOT_SCRIPT = "make_snapshot.mjs"  # run by Node at build time


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def checker_archive() -> tuple[str, bytes]:
    """The checker package as a reproducible zip, named by its content hash."""
    source = Path(checker.__file__).parent
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(source.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".toml") and "__pycache__" not in path.parts:
                info = zipfile.ZipInfo(
                    f"checker/{path.relative_to(source).as_posix()}", date_time=(1980, 1, 1, 0, 0, 0)
                )
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
    data = buffer.getvalue()
    return f"checker-{sha256(data)[:12]}.zip", data


def snapshot_recipe() -> bytes:
    return BROWSER.joinpath(SNAPSHOT_SCRIPT).read_bytes()


def snapshot_name(package_name: str, pyodide_version: str) -> str:
    """New whenever the checker, Pyodide or the way the snapshot is made changes."""
    key = sha256(f"{pyodide_version}/{package_name}/".encode() + snapshot_recipe())[:12]
    return f"snapshot-{key}.bin.gz"


@dataclass
class CheckerBuild:
    pyodide_dir: Path
    cache_dir: Path
    pyodide_version: str
    package_name: str
    package: bytes
    snapshot_name: str | None

    @classmethod
    def prepare(cls, *, pyodide_dir: Path, cache_dir: Path, snapshot: bool) -> CheckerBuild:
        manifest = pyodide_dir / "package.json"
        if not manifest.exists():
            raise PluginError(f"Pyodide is missing ({pyodide_dir}): run `npm ci` (or `make build`, which does it).")
        version = json.loads(manifest.read_text(encoding="utf-8"))["version"]
        name, data = checker_archive()
        return cls(
            pyodide_dir=pyodide_dir,
            cache_dir=cache_dir,
            pyodide_version=version,
            package_name=name,
            package=data,
            snapshot_name=snapshot_name(name, version) if snapshot else None,
        )

    @property
    def runtime_path(self) -> str:
        return f"assets/pyodide/{self.pyodide_version}"

    def write(self, site: Path) -> None:
        runtime = site / self.runtime_path
        runtime.mkdir(parents=True, exist_ok=True)
        for name in PYODIDE_FILES:
            source, target = self.pyodide_dir / name, runtime / name
            if not target.exists() or target.read_bytes() != source.read_bytes():
                shutil.copyfile(source, target)
        assets = site / CHECKER_ASSETS
        assets.mkdir(parents=True, exist_ok=True)
        for name in BROWSER_FILES:
            (assets / name).write_bytes(BROWSER.joinpath(name).read_bytes())
        (assets / self.package_name).write_bytes(self.package)
        if self.snapshot_name:
            shutil.copyfile(self._snapshot(runtime, assets / self.package_name), assets / self.snapshot_name)

    def _snapshot(self, runtime: Path, package: Path) -> Path:
        """The memory snapshot, made once and cached across builds; older ones are pruned."""
        assert self.snapshot_name
        folder = self.cache_dir / "snapshots"
        cached = folder / self.snapshot_name
        if not cached.exists():
            folder.mkdir(parents=True, exist_ok=True)
            partial = cached.with_suffix(".part")
            with resources.as_file(BROWSER.joinpath(SNAPSHOT_SCRIPT)) as script:
                command = ["node", str(script), str(runtime), str(package), str(partial)]
                done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise PluginError(f"Could not build the Pyodide snapshot:\n{done.stderr[-2000:]}")
            partial.rename(cached)
        for old in folder.glob("snapshot-*"):
            if old != cached:
                old.unlink()
        return cached

    def offline_files(self) -> set[str]:
        """The files the checker needs offline, besides its pages and what they load."""
        files = {f"{self.runtime_path}/{name}" for name in PYODIDE_FILES}
        files |= {
            f"{CHECKER_ASSETS}/{name}" for name in (*BROWSER_FILES, self.package_name, self.snapshot_name) if name
        }
        return files
