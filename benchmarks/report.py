"""Ratios against the baselines, and the printed table. No Django."""


def add_ratios(results: list[dict]) -> list[dict]:
    """Each figure's ratio to its baseline measured on the same database in the same run."""
    by_key = {(r["db"], r["key"]): r for r in results}
    for r in results:
        base = by_key.get((r["db"], r.get("baseline") or ""))
        if not base or "skipped" in r or "skipped" in base:
            continue
        field = "median_ms" if "median_ms" in r else "seconds"
        if base.get(field):
            r["ratio"] = r[field] / base[field]
            if field == "median_ms" and base.get("p95_ms"):
                r["p95_ratio"] = r["p95_ms"] / base["p95_ms"]
    return results


def figure(r: dict) -> str:
    if "skipped" in r:
        return f"skipped: {r['skipped']}"
    if "median_ms" in r:
        text = f"median {r['median_ms']:8.2f} ms  p95 {r['p95_ms']:8.2f} ms  (n={r['n']})"
        if r.get("count") is not None:
            text += f"  {r['count']} found"
        if r.get("bytes"):
            text += f"  {r['bytes'] / 1e6:.2f} MB"
            if r.get("bytes_uncompressed"):
                text += f" ({r['bytes_uncompressed'] / 1e6:.2f} MB uncompressed)"
        if r.get("revalidate_median_ms") is not None:
            text += f"  304 median {r['revalidate_median_ms']:.2f} ms"
        return text
    text = f"{r['seconds']:9.2f} s"
    if r.get("tried"):
        text += f"  (n={r['n']} of {r['tried']})"
    if r.get("rows_per_s"):
        text += f"  {r['rows_per_s']:10.0f} rows/s"
    if "created" in r:
        text += f"  created {r['created']}"
        if "updated" in r:
            text += f", updated {r['updated']}"
    return text


def ratio(r: dict) -> str:
    if r.get("is_baseline") and "skipped" not in r:
        return "baseline"
    if "ratio" not in r:
        return ""
    text = f"x{r['ratio']:.1f}"
    if "p95_ratio" in r:
        text += f" (p95 x{r['p95_ratio']:.1f})"
    return text


def table(results: list[dict]) -> str:
    rows = [("db", "benchmark", "figure", "vs baseline")]
    rows += [(r["db"], r["label"], figure(r), ratio(r)) for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def machine_lines(machine: dict) -> str:
    return "\n".join(f"{k:>10}: {v}" for k, v in machine.items())
