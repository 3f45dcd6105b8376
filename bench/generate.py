"""Generate a synthetic national workspace: regions, indicators, one plan, targets, figures.

    python bench/generate.py OUT_DIR --fraction 0.1 [--seed 1]

Full size (fraction 1): 1 + 31 provinces + 333 prefectures + 2,850 counties = 3,215 regions,
20 indicators, a target for every region × indicator (64,300), figures for 20 years (2006–2025)
and a correction for 2 % of them: about 1.3 million revisions, in OUT_DIR/figures.csv.
Deterministic: the same fraction and seed give the same files.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

PROVINCES, PREFECTURES, COUNTIES = 31, 333, 2850
INDICATORS = [(f"ind{n:02d}", unit) for n, unit in
              enumerate(["亿元", "%", "家", "万人", "亿元"] * 4, start=1)]
YEARS = range(2006, 2026)
BASE_YEAR, TARGET_YEAR = 2020, 2025


def regions(fraction: float) -> list[tuple[str, str | None]]:
    """(id, parent) for the national hierarchy scaled by fraction (at least one of each level)."""
    n_prov = max(1, round(PROVINCES * fraction))
    n_pref = max(1, round(PREFECTURES * fraction))
    n_cty = max(1, round(COUNTIES * fraction))
    out = [("cn", None)]
    provs = [f"p{i:02d}" for i in range(n_prov)]
    out += [(p, "cn") for p in provs]
    prefs = [(f"{provs[i % n_prov]}-c{i:03d}", provs[i % n_prov]) for i in range(n_pref)]
    out += prefs
    out += [(f"{prefs[i % n_pref][0]}-x{i:04d}", prefs[i % n_pref][0]) for i in range(n_cty)]
    return out


def write(out: Path, fraction: float, seed: int = 1) -> dict:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    regs = regions(fraction)
    lines = ["# synthetic national workspace (bench/generate.py)", ""]
    for rid, parent in regs:
        lines += ["[[regions]]", f'id = "{rid}"', f'name_zh = "区域{rid}"', f'name_en = "Region {rid}"']
        if parent:
            lines.append(f'parent = "{parent}"')
        lines.append("")
    for iid, unit in INDICATORS:
        kind = "percent" if unit == "%" else "count" if unit in ("家", "万人") else "number"
        lines += ["[[indicators]]", f'id = "{iid}"', f'name_zh = "指标{iid}"', f'name_en = "Indicator {iid}"',
                  f'unit = "{unit}"', f'kind = "{kind}"', ""]
    lines += ["[[plans]]", 'id = "national-14th"', 'title = "十四五规划（合成）"', 'region = "cn"',
              "start = 2021", "end = 2025", ""]
    start_values = {}
    for rid, _ in regs:
        for iid, unit in INDICATORS:
            base = rng.uniform(10, 90) if unit == "%" else rng.uniform(100, 5000)
            start_values[(rid, iid)] = base
            growth = rng.uniform(0.02, 0.25)
            target = min(99.0, base * (1 + growth) ** 5) if unit == "%" else base * (1 + growth) ** 5
            lines += ["[[targets]]", 'plan = "national-14th"', f'region = "{rid}"', f'indicator = "{iid}"',
                      'cmp = ">="', f"year = {TARGET_YEAR}", f"value = {target:.2f}", f'unit = "{unit}"',
                      f"baseline = {{ year = {BASE_YEAR}, value = {base:.2f} }}", ""]
    (out / "targets.toml").write_text("\n".join(lines), encoding="utf-8")
    rows = 0
    with open(out / "figures.csv", "w", encoding="utf-8") as fh:
        fh.write("region,indicator,year,value,unit,source,note\n")
        for rid, _ in regs:
            for iid, unit in INDICATORS:
                v = start_values[(rid, iid)] * 0.4
                for year in YEARS:
                    v *= 1 + rng.uniform(-0.02, 0.12)
                    if unit == "%":
                        v = min(v, 99.0)
                    fh.write(f"{rid},{iid},{year},{v:.2f},{unit},synthetic,\n")
                    rows += 1
                    if rng.random() < 0.02:  # a correction, in a later publication (a yearbook)
                        fh.write(f"{rid},{iid},{year},{v * 1.01:.2f},{unit},synthetic yearbook,corrected\n")
                        rows += 1
    return {"regions": len(regs), "indicators": len(INDICATORS), "targets": len(regs) * len(INDICATORS),
            "rows": rows}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--fraction", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    print(write(args.out, args.fraction, args.seed))


if __name__ == "__main__":
    main()
