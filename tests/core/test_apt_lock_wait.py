"""scripts/system-packages.sh waits for apt's locks on a busy machine (unattended
upgrades at boot) instead of failing; a test file stands in for each lock."""

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "system-packages.sh"


def waiting_script(lock_path, *, timeout=60):
    return subprocess.Popen(
        ["sh", str(SCRIPT), "--wait-for-apt"],
        env={
            **os.environ,
            "APT_LOCKS": f"/nonexistent/lock {lock_path}",
            "APT_LOCK_POLL": "1",
            "APT_LOCK_TIMEOUT": str(timeout),
            "PYTHON": sys.executable,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("take", [fcntl.flock, fcntl.lockf], ids=["flock", "fcntl"])
def test_the_script_waits_while_the_lock_is_held_and_goes_on_once_free(tmp_path, take):
    lock_path = tmp_path / "lock-frontend"
    with open(lock_path, "wb") as lock:
        take(lock, fcntl.LOCK_EX)
        script = waiting_script(lock_path)
        line = script.stderr.readline()  # printed once it has found the lock held
        assert "Waiting for another package manager" in line
        assert str(lock_path) in line
        assert script.poll() is None  # still waiting
        take(lock, fcntl.LOCK_UN)
    assert script.wait(timeout=30) == 0


def test_the_script_gives_up_with_a_message_after_the_timeout(tmp_path):
    lock_path = tmp_path / "lock"
    with open(lock_path, "wb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        script = waiting_script(lock_path, timeout=1)
        _out, errors = script.communicate(timeout=30)
    assert script.returncode == 1
    assert "still held" in errors and "APT_LOCK_TIMEOUT" in errors


def test_free_locks_do_not_wait(tmp_path):
    lock_path = tmp_path / "lock"
    lock_path.touch()
    script = waiting_script(lock_path)
    _out, errors = script.communicate(timeout=30)
    assert script.returncode == 0 and errors == ""


def test_apt_get_is_told_to_wait_for_dpkgs_lock():
    text = SCRIPT.read_text()
    assert 'apt-get -o DPkg::Lock::Timeout="$APT_LOCK_TIMEOUT"' in text
    assert "\napt-get " not in text  # every call goes through apt_get()
