"""``python -m analysis.cli import FILE… --format auto|acled|gdelt [--scope theatre|all] [--store DIR]``."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from analysis.imports.store import scan
from tests.clirun import run_cli
from tests.unit.imports.conftest import acled_bytes, gdelt_bytes, gdelt_row

LINE = re.compile(r"^accepted (\d+), outside scope (\d+), rejected (\d+) \(of (\d+) rows read\)$", re.M)


def cli(*args: str) -> subprocess.CompletedProcess:
    return run_cli("import", *args)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out = {"gdelt": tmp_path / "g.export.CSV", "acled": tmp_path / "a.csv", "foreign": tmp_path / "f.CSV"}
    out["gdelt"].write_bytes(gdelt_bytes([gdelt_row(i) for i in range(6)] + [gdelt_row(9, SQLDATE="2024")]))
    out["acled"].write_bytes(acled_bytes(n=4))
    out["foreign"].write_bytes(gdelt_bytes([gdelt_row(20, Actor1CountryCode="IRQ", Actor2CountryCode="",
                                                      ActionGeo_CountryCode="IZ", ActionGeo_Lat="33",
                                                      ActionGeo_Long="44")]))
    return out


def test_several_files_print_the_contract_line_and_exit_0(files, tmp_path) -> None:
    run = cli(str(files["gdelt"]), str(files["acled"]), str(files["foreign"]), "--store", str(tmp_path / "s"))
    assert run.returncode == 0, run.stderr
    assert LINE.search(run.stdout).groups() == ("10", "1", "1", "12")
    assert len(scan(tmp_path / "s").batches) == 1


def test_scope_all_and_folder_argument(files, tmp_path) -> None:
    run = cli(str(files["foreign"]), "--scope", "all", "--format", "gdelt", "--store", str(tmp_path / "s"))
    assert run.returncode == 0 and LINE.search(run.stdout).groups() == ("1", "0", "0", "1")
    folder = tmp_path / "day"
    folder.mkdir()
    (folder / "x.CSV").write_bytes(files["gdelt"].read_bytes())
    run = cli(str(folder), "--store", str(tmp_path / "s2"))
    assert run.returncode == 0 and LINE.search(run.stdout).group(1) == "6"


def test_nothing_accepted_exits_1(files, tmp_path) -> None:
    run = cli(str(files["foreign"]), "--store", str(tmp_path / "s"))
    assert run.returncode == 1 and LINE.search(run.stdout).groups() == ("0", "1", "0", "1")
    assert "--scope all" in run.stdout


@pytest.mark.parametrize("target", ["/dev/zero", "missing.csv"])
def test_unreadable_paths_exit_2(tmp_path, target: str) -> None:
    run = cli(str(tmp_path / target) if target == "missing.csv" else target, "--store", str(tmp_path / "s"))
    assert run.returncode == 2 and "error:" in run.stderr


def test_bad_arguments_exit_2(files, tmp_path) -> None:
    assert cli(str(files["gdelt"]), "--format", "xml").returncode == 2
    assert cli(str(files["gdelt"]), "--scope", "world").returncode == 2


def test_unknown_layout_exits_2(tmp_path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"a,b\n1,2\n")
    run = cli(str(path), "--store", str(tmp_path / "s"))
    assert run.returncode == 2 and "cannot tell the format" in run.stderr
