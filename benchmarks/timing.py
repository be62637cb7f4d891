"""Timing helpers on plain numbers. No Django."""

import math
import statistics
import time
from collections.abc import Callable


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile q (0-100) of values."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def timed(fn: Callable, *args, **kwargs) -> tuple[float, object]:
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def median_of(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Median seconds of `repeat` calls of fn(), and the last call's result."""
    times, result = [], None
    for _ in range(repeat):
        seconds, result = timed(fn)
        times.append(seconds)
    return statistics.median(times), result


def sample(fn: Callable[[int], object], *, count: int, warmup: int = 5,
           max_seconds: float = 60.0) -> list[float]:
    """Seconds of up to `count` calls fn(i) after `warmup` unmeasured ones, within max_seconds."""
    for i in range(warmup):
        fn(i)
    samples, deadline = [], time.perf_counter() + max_seconds
    for i in range(warmup, warmup + count):
        seconds, _ = timed(fn, i)
        samples.append(seconds)
        if time.perf_counter() > deadline:
            break
    return samples


def latency_summary(samples: list[float]) -> dict:
    """Median and p95 in milliseconds."""
    return {
        "median_ms": statistics.median(samples) * 1000,
        "p95_ms": percentile(samples, 95) * 1000,
        "n": len(samples),
    }
