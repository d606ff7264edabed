"""What the browser needs to run the checker, made once per build and cached
by content in the plugin's `cache_dir`:

- the pinned Pyodide runtime (its npm package), under its version;
- the checker as a wheel, built by its own backend (the top-level
  pyproject.toml) reproducibly, and registered in the site's Pyodide lock file
  with pyodide-build's `pyodide lockfile add-wheels`: the browser's fresh start
  loads it by name, and Pyodide checks its sha256 from the lock file;
- the standard library trimmed to the modules Python imports to start, load
  the checker and answer (traced in Node, with boot.mjs), compiled there by
  Pyodide's own Python, so that a fresh start compiles nothing;
- a memory snapshot with the checker imported and warmed up, made from that
  same wheel and library by make_snapshot.mjs (again through boot.mjs).

Files are named by version or content hash, so hosts can cache them for good,
and `browser_config()` gives the worker the sha256 of each file it uses.
"""

from __future__ import annotations

import ast
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

import checker

CHECKER_ASSETS = "assets/checker"
BROWSER = resources.files(__package__).joinpath("browser")
# shipped as they are into CHECKER_ASSETS (worker.js imports boot.mjs, download.mjs, kept.mjs and protocol.json)
BROWSER_FILES = (
    *("early.js", "checker.js", "answers.mjs", "checker.css"),  # the page's (checker.js imports early.js, answers.mjs)
    *("worker.js", "boot.mjs", "download.mjs", "kept.mjs", "protocol.json"),
)
SNAPSHOT_SCRIPT = "make_snapshot.mjs"  # run by Node at build time; imports boot.mjs
# Pyodide's own files the site serves. Its full standard library and its lock
# file stay out: the site ships its trimmed library and its own lock file.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
VERIFIED_PYODIDE_FILES = PYODIDE_FILES  # the worker checks each of them
LOCK_FILE = "pyodide-lock.json"
STDLIB = "python_stdlib.zip"  # trimmed and compiled, for a fresh start
# After a start from the snapshot, Python imports nothing more (everything the
# checker's code can import is imported before the snapshot is taken), yet
# Pyodide mounts a standard library zip all the same: this one is empty.
SNAPSHOT_STDLIB = "python_stdlib_snapshot.zip"
SNAPSHOT_FILE = "snapshot.bin.gz"
EPOCH = "315532800"  # 1980-01-01: the timestamps inside the wheel (SOURCE_DATE_EPOCH)
CACHE_KEPT_SECONDS = 3600  # cache entries unused this long are pruned


def browser_file(name: str) -> bytes:
    """A file of browser/ as the site serves it: early.js gets protocol.json
    written in (it then imports nothing, and runs as soon as it has loaded)."""
    data = BROWSER.joinpath(name).read_bytes()
    if name == "early.js":
        protocol = json.dumps(json.loads(BROWSER.joinpath("protocol.json").read_text(encoding="utf-8")))
        data = data.replace(b'"__PROTOCOL__"', json.dumps(protocol).encode())
    return data


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    return sha256(path.read_bytes())


def checker_project() -> Path:
    """The folder with the checker's pyproject.toml (the checker package lies in it)."""
    root = Path(checker.__file__).resolve().parent.parent
    if not (root / "pyproject.toml").exists():
        raise PluginError(f"The checker's pyproject.toml is missing next to {root / 'checker'}.")
    return root


def checker_sources(root: Path) -> list[Path]:
    """Every file the wheel is made from."""
    package = sorted(
        path
        for path in (root / "checker").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )
    return [root / "pyproject.toml", *sorted(root.glob("LICEN[CS]E*")), *package]


def checker_imports(root: Path) -> list[str]:
    """Every module the checker's code imports (not counting itself), wherever
    the import statement stands, and for `from x import y` also `x.y` (marked
    with a leading "?": it may be a name, not a module). All are imported before
    the snapshot is taken, so that a start from it never imports anything. The
    command line (__main__.py) does not run in the browser."""
    names: set[str] = set()
    for path in sorted((root / "checker").glob("*.py")):
        if path.name == "__main__.py":
            continue
        for node in ast.walk(ast.parse(path.read_bytes(), filename=str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
                names.update(f"?{node.module}.{alias.name}" for alias in node.names if alias.name != "*")
    return sorted(name for name in names if name.lstrip("?").split(".")[0] not in ("checker", "__future__"))


def build_wheel(root: Path, out: Path) -> Path:
    """The checker's wheel, built by the backend its pyproject.toml names, with
    fixed timestamps (the backend honours SOURCE_DATE_EPOCH)."""
    from pyproject_hooks import default_subprocess_runner

    import build

    def runner(cmd: Sequence[str], cwd: str | None = None, extra_environ: Mapping[str, str] | None = None) -> None:
        default_subprocess_runner(cmd, cwd, {**(extra_environ or {}), "SOURCE_DATE_EPOCH": EPOCH})

    builder = build.ProjectBuilder(root, python_executable=sys.executable, runner=runner)
    missing = builder.check_dependencies("wheel")
    if missing:
        raise PluginError(f"To build the checker's wheel, install {sorted(map(str, missing))} (make setup does).")
    try:
        return Path(builder.build("wheel", out))
    except build.BuildBackendException as error:
        raise PluginError(f"The checker's wheel could not be built: {error}") from error


def add_to_lock_file(pyodide_lock: Path, wheel: Path, out: Path) -> None:
    """The site's lock file: Pyodide's (its platform and ABI), listing only the
    checker. The npm package ships no other wheel, so the site lists none."""
    base = json.loads(pyodide_lock.read_text(encoding="utf-8"))
    base["packages"] = {}
    with tempfile.TemporaryDirectory(prefix="lock-") as tmp:
        empty = Path(tmp) / LOCK_FILE
        empty.write_text(json.dumps(base), encoding="utf-8")
        command = [sys.executable, "-m", "pyodide_cli", "lockfile", "add-wheels"]
        command += ["--input", str(empty), "--output", str(out), "--base-path", str(wheel.parent), str(wheel)]
        run(command, "register the checker's wheel in the lock file (pyodide lockfile add-wheels)")


def run(command: list[str], what: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise PluginError(f"Could not {what}:\n{(done.stdout + done.stderr)[-3000:]}")
    return done


@dataclass(frozen=True)
class PythonFiles:
    """The checker's files for the browser: the wheel, the lock file and the
    standard libraries (served from one content-hashed folder), the gzipped
    snapshot, and what the page config needs about them. Held in memory, so a
    concurrent build that prunes the cache cannot take them away."""

    package: str  # the distribution name, as in the lock file
    wheel: str
    files: dict[str, bytes]  # the folder's files by name
    snapshot: bytes | None  # the gzipped snapshot file
    snapshot_info: dict[str, Any] | None  # {"sha256", "size"} of the decoded snapshot file

    @property
    def digest(self) -> str:
        """Names the folder on the site: changes with any of its files."""
        digest = hashlib.sha256()
        for name in sorted(self.files):
            digest.update(name.encode() + hashlib.sha256(self.files[name]).digest())
        return digest.hexdigest()[:12]


def make_python_files(*, pyodide_dir: Path, cache_dir: Path, snapshot: bool) -> PythonFiles:
    """Builds (or finds in the cache) the wheel, the lock file, the trimmed
    standard library and the snapshot; prunes what older builds left."""
    root = checker_project()
    imports = checker_imports(root)
    key = hashlib.sha256()
    parts: list[tuple[str, bytes]] = [
        ("snapshot", str(snapshot).encode()),
        ("imports", json.dumps(imports).encode()),
        ("runtime.py", Path(__file__).read_bytes()),
        ("boot.mjs", BROWSER.joinpath("boot.mjs").read_bytes()),
        (SNAPSHOT_SCRIPT, BROWSER.joinpath(SNAPSHOT_SCRIPT).read_bytes()),
    ]
    parts += [(f"tool:{name}", metadata.version(name).encode()) for name in ("flit_core", "pyodide-lock")]
    parts += [(f"pyodide/{name}", (pyodide_dir / name).read_bytes()) for name in (*PYODIDE_FILES, STDLIB, LOCK_FILE)]
    parts += [(path.relative_to(root).as_posix(), path.read_bytes()) for path in checker_sources(root)]
    for name, data in parts:
        key.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    store = cache_dir / "checker"
    folder = store / key.hexdigest()[:16]
    _make_python_files(folder, root, pyodide_dir, imports, snapshot)
    os.utime(folder)  # in use: see the pruning below
    files = _read_python_files(folder)
    # The cache keeps what builds used in the last hour: concurrent builds of
    # other sources (the tests' variants) keep theirs.
    unused_since = time.time() - CACHE_KEPT_SECONDS
    for old in store.iterdir():
        if old != folder and not old.name.startswith(".building-") and old.stat().st_mtime < unused_since:
            shutil.rmtree(old, ignore_errors=True)
    return files


def _make_python_files(folder: Path, root: Path, pyodide_dir: Path, imports: list[str], snapshot: bool) -> None:
    store = folder.parent
    if not (folder / "files.json").exists():
        store.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".building-", dir=store) as tmp:
            made = _build_python_files(Path(tmp), root, pyodide_dir, imports, snapshot)
            try:
                made.rename(folder)
            except OSError:  # a concurrent build of the same sources got there first
                if not (folder / "files.json").exists():
                    raise


def _read_python_files(folder: Path) -> PythonFiles:
    info = json.loads((folder / "files.json").read_text(encoding="utf-8"))
    names = [LOCK_FILE, info["wheel"], STDLIB] + ([SNAPSHOT_STDLIB] if info["snapshot"] else [])
    files = PythonFiles(
        package=info["package"],
        wheel=info["wheel"],
        files={name: (folder / name).read_bytes() for name in names},
        snapshot=(folder / SNAPSHOT_FILE).read_bytes() if info["snapshot"] else None,
        snapshot_info=info["snapshot"],
    )
    return files


def _build_python_files(work: Path, root: Path, pyodide_dir: Path, imports: list[str], snapshot: bool) -> Path:
    out = work / "files"
    out.mkdir()
    wheel = build_wheel(root, out)
    lock = out / LOCK_FILE
    add_to_lock_file(pyodide_dir / LOCK_FILE, wheel, lock)
    (package,) = json.loads(lock.read_text(encoding="utf-8"))["packages"]
    request = {
        "indexURL": f"{pyodide_dir}/",
        "lockFile": str(lock),
        "packageBaseUrl": f"{out}/",
        "packageName": package,
        "imports": imports,
    }
    info: dict[str, Any] = {"package": package, "wheel": wheel.name, "snapshot": None}
    if not snapshot:  # a quick build: Pyodide's full library, nothing traced
        shutil.copyfile(pyodide_dir / STDLIB, out / STDLIB)
    else:
        _node("stdlib", {**request, "out": str(out / STDLIB)}, work)
        zipfile.ZipFile(out / SNAPSHOT_STDLIB, "w").close()  # empty
        raw = work / "snapshot.bin"
        request = {**request, "stdLibURL": str(out / STDLIB), "snapshotStdLibURL": str(out / SNAPSHOT_STDLIB)}
        _node("snapshot", {**request, "out": str(raw)}, work)
        data = raw.read_bytes()
        (out / SNAPSHOT_FILE).write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
        size = int.from_bytes(data[8:12], "little")  # the decoded snapshot's length (see boot.mjs)
        info["snapshot"] = {"sha256": sha256(data), "size": size}
    (out / "files.json").write_text(json.dumps(info, indent=1), encoding="utf-8")
    return out


def _node(job: str, request: dict[str, Any], work: Path) -> None:
    path = work / f"{job}.json"
    path.write_text(json.dumps(request), encoding="utf-8")
    with resources.as_file(BROWSER.joinpath(SNAPSHOT_SCRIPT)) as script:
        what = "make the standard library the checker needs" if job == "stdlib" else "build the Pyodide snapshot"
        run(["node", str(script), job, str(path)], what)


@dataclass
class CheckerBuild:
    pyodide_dir: Path
    pyodide_version: str
    python: PythonFiles
    pyodide_sha256: dict[str, str]

    @classmethod
    def prepare(cls, *, pyodide_dir: Path, cache_dir: Path, snapshot: bool) -> CheckerBuild:
        manifest = pyodide_dir / "package.json"
        if not manifest.exists():
            raise PluginError(f"Pyodide is missing ({pyodide_dir}): run `npm ci` (or `make build`, which does it).")
        if shutil.which("node") is None:
            raise PluginError("Node.js >= 20 is needed to build the checker's Python files (make setup checks it).")
        version = json.loads(manifest.read_text(encoding="utf-8"))["version"]
        return cls(
            pyodide_dir=pyodide_dir,
            pyodide_version=version,
            python=make_python_files(pyodide_dir=pyodide_dir, cache_dir=cache_dir, snapshot=snapshot),
            pyodide_sha256={name: file_sha256(pyodide_dir / name) for name in PYODIDE_FILES},
        )

    @property
    def runtime_path(self) -> str:
        return f"assets/pyodide/{self.pyodide_version}"

    @property
    def python_path(self) -> str:
        """The content-hashed folder of the wheel, the lock file and the libraries."""
        return f"{CHECKER_ASSETS}/checker-{self.python.digest}"

    @property
    def snapshot_path(self) -> str | None:
        """Named by the served (gzipped) file's own sha256."""
        if self.python.snapshot is None:
            return None
        return f"{CHECKER_ASSETS}/snapshot-{sha256(self.python.snapshot)[:12]}.bin.gz"

    def _python_file(self, name: str) -> dict[str, str]:
        return {"url": f"checker-{self.python.digest}/{name}", "sha256": sha256(self.python.files[name])}

    def browser_config(self) -> dict[str, Any]:
        """What the worker needs: URLs relative to worker.js, and the sha256 of
        each file it fetches itself (the wheel's is in the lock file)."""
        config: dict[str, Any] = {
            "pyodide": {
                "url": f"../pyodide/{self.pyodide_version}/",
                "sha256": {name: self.pyodide_sha256[name] for name in VERIFIED_PYODIDE_FILES},
            },
            "package": self.python.package,
            "lockFile": self._python_file(LOCK_FILE),
            "stdlib": self._python_file(STDLIB),
            "snapshot": None,
        }
        if self.snapshot_path and self.python.snapshot_info:
            config["snapshot"] = {
                "url": self.snapshot_path.removeprefix(f"{CHECKER_ASSETS}/"),
                **self.python.snapshot_info,  # sha256 and size of the decoded file
                "stdlib": self._python_file(SNAPSHOT_STDLIB),
            }
        return config

    def write(self, site: Path) -> None:
        runtime = site / self.runtime_path
        runtime.mkdir(parents=True, exist_ok=True)
        for name in PYODIDE_FILES:
            source, target = self.pyodide_dir / name, runtime / name
            if not target.exists() or file_sha256(target) != self.pyodide_sha256[name]:
                shutil.copyfile(source, target)
        assets = site / CHECKER_ASSETS
        assets.mkdir(parents=True, exist_ok=True)
        for name in BROWSER_FILES:
            (assets / name).write_bytes(browser_file(name))
        folder = site / self.python_path
        folder.mkdir(exist_ok=True)
        for name, data in self.python.files.items():
            (folder / name).write_bytes(data)
        if self.snapshot_path and self.python.snapshot:
            (site / self.snapshot_path).write_bytes(self.python.snapshot)

    def offline_files(self) -> dict[str, list[str]]:
        """The files the service worker keeps once the checker has started from
        the snapshot, besides its pages and what they load, each with the
        sha256 values its bytes may have (a host may unpack the .gz in transit)."""
        files = {f"{self.runtime_path}/{name}": [self.pyodide_sha256[name]] for name in PYODIDE_FILES}
        files |= {f"{CHECKER_ASSETS}/{name}": [sha256(browser_file(name))] for name in BROWSER_FILES}
        names = [LOCK_FILE] + ([SNAPSHOT_STDLIB] if self.python.snapshot else [STDLIB, self.python.wheel])
        files |= {f"{self.python_path}/{name}": [sha256(self.python.files[name])] for name in names}
        if self.snapshot_path and self.python.snapshot and self.python.snapshot_info:
            files[self.snapshot_path] = [sha256(self.python.snapshot), self.python.snapshot_info["sha256"]]
        return files

    def fallback_files(self) -> dict[str, list[str]]:
        """Files only a full start needs (when the snapshot cannot be used): the
        service worker keeps them once used, but does not fetch them ahead."""
        if not self.python.snapshot:
            return {}
        names = [self.python.wheel, STDLIB]
        return {f"{self.python_path}/{name}": [sha256(self.python.files[name])] for name in names}
