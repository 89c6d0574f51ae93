"""The machine a benchmark ran on, and how busy it was: printed beside every figure.

Timings on a shared VM say as much about the neighbours as about the code, so each run
names the CPU, says whether its vCPUs are real cores or hyperthread siblings (two writer
processes gain nothing on siblings of one core), and records the load average before and
after, with a warning when the machine was already busy. The parsing is pure functions
over the text of /proc and /sys, so it is tested without depending on the machine.
"""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from pathlib import Path

# Above this load average per vCPU before a run, its wall times mostly measure other work.
BUSY_LOAD_PER_CPU = 0.5
_SYS_CPUS = Path("/sys/devices/system/cpu")


def cpu_model(cpuinfo: str) -> str:
    """The first `model name` of /proc/cpuinfo ('unknown' when it has none, as on ARM)."""
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "model name" and value.strip():
            return value.strip()
    return "unknown"


def parse_cpu_list(text: str) -> set[int]:
    """The CPUs of a kernel CPU list such as '0-3,8,10-11'."""
    cpus: set[int] = set()
    for part in text.strip().split(","):
        if not part:
            continue
        first, _, last = part.partition("-")
        cpus.update(range(int(first), int(last or first) + 1))
    return cpus


def physical_cores(siblings: list[str]) -> int:
    """How many real cores the CPUs' thread_siblings_list texts describe: CPUs listed
    together are hyperthreads of one core."""
    return len({frozenset(parse_cpu_list(text)) for text in siblings if text.strip()})


def busy_warning(load_before: float, cpus: int) -> str | None:
    if load_before > BUSY_LOAD_PER_CPU * cpus:
        return (
            f"WARNING: load average {load_before:.2f} before the run is above {BUSY_LOAD_PER_CPU} x "
            f"{cpus} vCPUs: wall times are loose, compare the in-run ratios"
        )
    return None


@dataclass(frozen=True)
class Machine:
    cpus: int
    cores: int | None  # real cores, from the topology; None when /sys does not say
    model: str
    python: str

    @property
    def siblings(self) -> str:
        if self.cores is None:
            return "topology unknown"
        if self.cores < self.cpus:
            return f"{self.cores} cores, vCPUs are hyperthread siblings"
        return "no hyperthread siblings"

    def describe(self) -> str:
        return f"nproc {self.cpus} ({self.siblings}), {self.model}, Python {self.python}"


def this_machine() -> Machine:
    try:
        model = cpu_model(Path("/proc/cpuinfo").read_text())
    except OSError:
        model = platform.processor() or "unknown"
    siblings = []
    for path in sorted(_SYS_CPUS.glob("cpu[0-9]*/topology/thread_siblings_list")):
        try:
            siblings.append(path.read_text())
        except OSError:
            continue
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return Machine(cpus, physical_cores(siblings) if siblings else None, model, platform.python_version())


def load_average() -> float:
    return os.getloadavg()[0]


class Run:
    """The machine and the load around one benchmark run:

        run = Run.start()   # prints the machine and the load now, and a warning if busy
        ...
        run.finish()        # prints the load after
    """

    def __init__(self, machine: Machine, load_before: float) -> None:
        self.machine, self.load_before = machine, load_before
        self.load_after: float | None = None

    @classmethod
    def start(cls, out=print) -> Run:
        run = cls(this_machine(), load_average())
        out(f"# machine: {run.machine.describe()}; load average before {run.load_before:.2f}")
        if warning := run.warning:
            out(f"# {warning}")
        return run

    @property
    def warning(self) -> str | None:
        return busy_warning(self.load_before, self.machine.cpus)

    def finish(self, out=print) -> None:
        self.load_after = load_average()
        out(f"# load average before {self.load_before:.2f}, after {self.load_after:.2f}")
        if warning := self.warning:
            out(f"# {warning}")
