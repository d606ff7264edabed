"""What the build ships for Python in the browser: every file the worker is
told about has the sha256 the page config gives it; the checker is a wheel
registered in the site's Pyodide lock file; the standard library is trimmed;
the wheel is reproducible; old build results do not pile up. (The files run
under Pyodide in test_pyodide_parity.py.)"""

import gzip
import hashlib
import json
import os
import time
import zipfile
from pathlib import Path

import pytest

from sitebuild import runtime
from tests.project import ROOT
from tests.pyodide.shipped import page_config, runtime_config, shipped_file

PYODIDE = ROOT / "node_modules" / "pyodide"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(scope="module")
def config(site_dir):
    return runtime_config(site_dir)


def test_every_file_the_worker_fetches_has_its_sha256_in_the_page_config(site_dir, config):
    pyodide = config["pyodide"]
    for name, digest in pyodide["sha256"].items():
        assert sha256(shipped_file(site_dir, pyodide["url"] + name).read_bytes()) == digest, name
    for part in (config["lockFile"], config["stdlib"], config["snapshot"]["stdlib"]):
        assert sha256(shipped_file(site_dir, part["url"]).read_bytes()) == part["sha256"], part["url"]
    snapshot = shipped_file(site_dir, config["snapshot"]["url"]).read_bytes()
    # checked after unpacking: a host may send the .gz already unpacked
    assert sha256(gzip.decompress(snapshot)) == config["snapshot"]["sha256"]
    # and named by its own content, so a cached copy under that name is the right one
    assert config["snapshot"]["url"] == f"snapshot-{sha256(snapshot)[:12]}.bin.gz"


def test_both_languages_get_the_same_runtime(site_dir, config):
    assert runtime_config(site_dir) == page_config(site_dir, "checker/index.html")["runtime"] == config


def test_the_limits_show_a_stall_within_20_seconds(site_dir):
    limits = page_config(site_dir)["limits"]
    # the worker gives up on a download after stallSeconds; the page on a
    # worker that has said nothing after firstWordSeconds: both well within 20 s
    assert 0 < limits["stallSeconds"] < limits["firstWordSeconds"] <= 20
    assert limits["startSeconds"] >= limits["firstWordSeconds"]


def test_offline_support_is_asked_for_seconds_after_the_first_result(site_dir):
    # a setting, not a measured time: the keeping waits this long (checker.js, worker.js)
    assert 0 < page_config(site_dir)["limits"]["keepAfterSeconds"] <= 5


def test_the_lock_file_lists_the_checker_wheel_with_its_sha256(site_dir, config):
    lock = json.loads(shipped_file(site_dir, config["lockFile"]["url"]).read_text(encoding="utf-8"))
    pyodide_lock = json.loads((PYODIDE / "pyodide-lock.json").read_text(encoding="utf-8"))
    assert lock["info"] == pyodide_lock["info"]  # Pyodide's platform and ABI
    assert list(lock["packages"]) == [config["package"]] == ["klusterilaatu-checker"]
    entry = lock["packages"][config["package"]]
    wheel = shipped_file(site_dir, config["lockFile"]["url"]).parent / entry["file_name"]
    assert wheel.name.endswith("-py3-none-any.whl")
    assert entry["sha256"] == sha256(wheel.read_bytes())
    assert entry["imports"] == ["checker"]
    assert entry["depends"] == []


def test_the_wheel_holds_the_checker_and_nothing_else(site_dir, config):
    lock = json.loads(shipped_file(site_dir, config["lockFile"]["url"]).read_text(encoding="utf-8"))
    wheel = (
        shipped_file(site_dir, config["lockFile"]["url"]).parent
        / lock["packages"]["klusterilaatu-checker"]["file_name"]
    )
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
        assert "Requires-Dist" not in archive.read(metadata).decode()
    packages = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert packages == {"checker"}
    assert "checker/rules.toml" in names
    shipped = {name.removeprefix("checker/") for name in names if name.startswith("checker/")}
    sources = {
        p.relative_to(ROOT / "checker").as_posix() for p in runtime.checker_sources(ROOT)[1:] if "checker" in p.parts
    }
    assert shipped == sources


def test_the_wheel_is_reproducible(site_dir, config, tmp_path):
    lock = json.loads(shipped_file(site_dir, config["lockFile"]["url"]).read_text(encoding="utf-8"))
    shipped = lock["packages"]["klusterilaatu-checker"]["sha256"]
    first = runtime.build_wheel(ROOT, tmp_path / "a")
    second = runtime.build_wheel(ROOT, tmp_path / "b")
    assert sha256(first.read_bytes()) == sha256(second.read_bytes()) == shipped


def test_the_standard_library_is_trimmed_to_what_the_checker_needs_and_compiled(site_dir, config):
    with zipfile.ZipFile(PYODIDE / "python_stdlib.zip") as full:
        everything = set(full.namelist())
    with zipfile.ZipFile(shipped_file(site_dir, config["stdlib"]["url"])) as trimmed:
        compiled = {name: trimmed.read(name) for name in trimmed.namelist()}
    # every module compiled (by Pyodide's own Python, at build time), none as source:
    # unchecked hash-based .pyc files (PEP 552: flags 0b01), which need no source
    assert compiled and all(name.endswith(".pyc") for name in compiled)
    assert {int.from_bytes(data[4:8], "little") for data in compiled.values()} == {0b01}
    kept = {name.removesuffix("c") for name in compiled}
    assert kept < everything
    assert len(kept) < len(everything) / 2
    # the checker's own imports are there, and so is what Pyodide needs to start and load a wheel
    for module in ("json/__init__.py", "tomllib/__init__.py", "re/__init__.py", "importlib/resources/__init__.py"):
        assert module in kept, module
    assert "pyodide/_package_loader.py" in kept
    assert not [name for name in kept if name.startswith(("unittest/", "pydoc_data/", "tkinter/"))]
    # after a start from the snapshot nothing is imported: that library is empty
    with zipfile.ZipFile(shipped_file(site_dir, config["snapshot"]["stdlib"]["url"])) as empty:
        assert empty.namelist() == []


def test_every_import_of_the_checker_is_known_including_those_in_functions(tmp_path, monkeypatch):
    package = tmp_path / "checker"
    package.mkdir()
    (tmp_path / "pyproject.toml").write_text("")
    (package / "__init__.py").write_text("import json\nfrom . import _a\n")
    (package / "_a.py").write_text("def f():\n    import textwrap\n    from importlib import resources\n")
    (package / "__main__.py").write_text("import argparse\n")
    imports = runtime.checker_imports(tmp_path)
    assert imports == ["?importlib.resources", "importlib", "json", "textwrap"]


def test_the_build_cache_keeps_the_files_builds_use(tmp_path):
    store = tmp_path / "checker"
    store.mkdir()
    old, recent = store / "0123456789abcdef", store / "fedcba9876543210"
    for left in (old, recent):  # what earlier builds left: one long ago, one just now (a concurrent build's)
        left.mkdir()
        (left / "snapshot.bin.gz").write_bytes(b"old")
    long_ago = time.time() - runtime.CACHE_KEPT_SECONDS - 60
    os.utime(old, (long_ago, long_ago))
    files = runtime.make_python_files(pyodide_dir=PYODIDE, cache_dir=tmp_path, snapshot=False)
    kept = {p.name for p in store.iterdir()}
    assert old.name not in kept and recent.name in kept and len(kept) == 2
    assert files.snapshot is None and set(files.files) == {"pyodide-lock.json", files.wheel, "python_stdlib.zip"}
    # the same sources: found in the cache, the same bytes
    again = runtime.make_python_files(pyodide_dir=PYODIDE, cache_dir=tmp_path, snapshot=False)
    assert again.files == files.files


def test_pyodides_own_lock_file_and_full_library_are_not_shipped(site_dir, config):
    runtime_dir = shipped_file(site_dir, config["pyodide"]["url"])
    assert sorted(p.name for p in runtime_dir.iterdir()) == sorted(runtime.PYODIDE_FILES)


def test_no_zip_of_the_checker_is_left(site_dir):
    assert not list((site_dir / "assets" / "checker").glob("checker-*.zip"))


def test_the_checker_page_needs_no_other_file_than_those_named(site_dir, config):
    folder = shipped_file(site_dir, config["lockFile"]["url"]).parent
    assert folder.name.startswith("checker-")
    named = {Path(config[key]["url"]).name for key in ("lockFile", "stdlib")} | {
        Path(config["snapshot"]["stdlib"]["url"]).name
    }
    lock = json.loads((folder / "pyodide-lock.json").read_text(encoding="utf-8"))
    named.add(lock["packages"]["klusterilaatu-checker"]["file_name"])
    assert {p.name for p in folder.iterdir()} == named
