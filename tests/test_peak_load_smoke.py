"""bench/peak_load.py --smoke runs end to end and reports (a check that it works, never a measurement)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_peak_load_smoke_run_reports_a_step_and_the_largest_n():
    # Its own database next to the configured one: the run migrates, seeds and fills it.
    database_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/kns_peak_smoke"
    env = {**os.environ, "DATABASE_URL": database_url}
    result = subprocess.run(
        [sys.executable, "bench/peak_load.py", "--smoke"], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "50 learners:" in result.stdout
    assert "largest N with p95 < 500 ms and 0 errors:" in result.stdout
