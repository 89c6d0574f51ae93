"""bench/machine.py: what a benchmark prints about the machine and its load."""

import importlib.util
import sys
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[2] / "bench" / "machine.py"
_SPEC = importlib.util.spec_from_file_location("bench_machine", _PATH)
machine = importlib.util.module_from_spec(_SPEC)
sys.modules[_SPEC.name] = machine  # dataclasses look their module up while the class is made
_SPEC.loader.exec_module(machine)


@pytest.mark.parametrize(
    "cpuinfo, model",
    [
        ("processor\t: 0\nmodel name\t: AMD EPYC\nflags\t: fpu\n", "AMD EPYC"),
        ("processor : 0\nmodel name : Intel(R) Xeon(R) @ 2.80GHz\n", "Intel(R) Xeon(R) @ 2.80GHz"),
        ("processor : 0\nBogoMIPS : 50.00\n", "unknown"),
        ("model name :\nmodel name : second\n", "second"),
    ],
)
def test_cpu_model(cpuinfo, model):
    assert machine.cpu_model(cpuinfo) == model


@pytest.mark.parametrize(
    "text, cpus",
    [("0", {0}), ("0-3", {0, 1, 2, 3}), ("0,2", {0, 2}), ("0-1,8,10-11\n", {0, 1, 8, 10, 11}), ("", set())],
)
def test_parse_cpu_list(text, cpus):
    assert machine.parse_cpu_list(text) == cpus


@pytest.mark.parametrize(
    "siblings, cores",
    [
        (["0\n", "1\n"], 2),  # two vCPUs, each its own core
        (["0-1\n", "0-1\n"], 1),  # two hyperthreads of one core
        (["0,2\n", "1,3\n", "0,2\n", "1,3\n"], 2),
        (["0\n"], 1),
    ],
)
def test_physical_cores(siblings, cores):
    assert machine.physical_cores(siblings) == cores


@pytest.mark.parametrize(
    "cpus, cores, says",
    [
        (2, 2, "no hyperthread siblings"),
        (2, 1, "1 cores, vCPUs are hyperthread siblings"),
        (2, None, "unknown"),
    ],
)
def test_the_description_says_whether_vcpus_share_a_core(cpus, cores, says):
    assert says in machine.Machine(cpus, cores, "AMD EPYC", "3.11.7").describe()


@pytest.mark.parametrize(
    "load, cpus, warns", [(0.9, 2, False), (1.0, 2, False), (1.01, 2, True), (3.5, 4, True), (0.0, 1, False)]
)
def test_busy_warning_above_half_a_load_per_cpu(load, cpus, warns):
    warning = machine.busy_warning(load, cpus)
    assert (warning is not None) is warns
    if warns:
        assert warning.startswith("WARNING") and f"{load:.2f}" in warning


def test_a_run_prints_the_machine_and_the_load_before_and_after(monkeypatch):
    loads = iter([3.0, 1.25])
    monkeypatch.setattr(machine, "load_average", lambda: next(loads))
    monkeypatch.setattr(machine, "this_machine", lambda: machine.Machine(2, 1, "AMD EPYC", "3.11.7"))
    lines = []
    run = machine.Run.start(out=lines.append)
    run.finish(out=lines.append)
    assert "AMD EPYC" in lines[0] and "before 3.00" in lines[0] and "siblings" in lines[0]
    assert lines[1].startswith("# WARNING")
    assert "after 1.25" in lines[2]
