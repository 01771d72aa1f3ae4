"""Run ``python -m analysis.cli ARGS`` in-process: the same exit code and output without a new interpreter.

A new interpreter costs ~2-3 s of CPU importing pandas, DuckDB, Ibis and plotly; the suite's CLI tests
call the same ``analysis.cli.main`` that ``python -m analysis.cli`` calls. One smoke test
(``tests/unit/test_cli.py::test_module_runs_as_a_script``) still runs the real module in a subprocess.
"""

from __future__ import annotations

import contextlib
import io
import subprocess

from analysis import cli as cli_module


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the command line with ``args``; return its exit code, stdout and stderr like ``subprocess.run``."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli_module.main(list(args))
        except SystemExit as exc:  # argparse's --help and usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    return subprocess.CompletedProcess(["analysis.cli", *args], code, out.getvalue(), err.getvalue())
