"""Benchmark the LLM backend against fake-llm (no network, no real model).

1. Every prompt version (prompts/*.yaml, by-reference-v3 included) x mode (tools, json) over the
   Form A example documents, with simulated latency: requests, tokens in/out, cost (illustrative
   prices), wall time, records kept.
2. Wall time vs concurrency (1, 4, 16) for 100 records at 300 ms latency.

    PYTHONPATH=. python bench/bench_llm.py [--latency 0.05] [--records 100] [--skip-concurrency]
"""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted((ROOT / "examples" / "docs").glob("*.txt"))


def _table(rows: list[dict], columns: list[str]) -> str:
    widths = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in columns}
    line = " | ".join(c.ljust(widths[c]) for c in columns)
    rule = "-+-".join("-" * widths[c] for c in columns)
    body = [" | ".join(str(r[c]).ljust(widths[c]) for c in columns) for r in rows]
    return "\n".join([line, rule, *body])


def bench_prompts(url: str, fake, concurrency: int) -> list[dict]:
    from docnorm.extractor.llm import run_cell
    from docnorm.llm.prompts import available

    docs = [(p.name, p.read_text(encoding="utf-8")) for p in DOCS]
    rows = []
    for prompt in available():
        for json_mode in (False, True):
            fake.requests = 0
            cell = run_cell(
                docs,
                base_url=url,
                model="fake-golden",
                prompt=prompt,
                mode="llm",
                concurrency=concurrency,
                json_mode=json_mode,
            )
            total = cell.usage["total"]
            codes = [f.code for r in cell.results for f in r.findings]
            rows.append(
                {
                    "prompt": prompt,
                    "mode": "json" if json_mode else "tools",
                    "requests": fake.requests,
                    "tokens_in": total["tokens_in"],
                    "tokens_out": total["tokens_out"],
                    "cost_usd": f"{total['cost']:.4f}",
                    "wall_s": f"{cell.wall_seconds:.2f}",
                    "llm_records": codes.count("llm-replaced"),
                    "fallback": codes.count("llm-fallback") + codes.count("llm-failed"),
                    "ungrounded": codes.count("llm-ungrounded"),
                }
            )
    return rows


def bench_concurrency(url: str, fake, records: int, levels: tuple[int, ...]) -> list[dict]:
    from docnorm.extractor.llm.backend import LLMBackend
    from docnorm.extractor.llm.chunking import jobs_from_chunks
    from docnorm.extractor.pipeline import record_chunks
    from docnorm.llm.settings import Settings

    jobs = []
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        if "项目支出绩效目标表" in text[:200]:
            jobs += jobs_from_chunks(record_chunks(text), text, path.name)
    jobs = jobs[:records]
    rows = []
    for batch_tokens, label in ((1, "1 record/request"), (1500, "batched (1500 tok)")):
        for level in levels:
            backend = LLMBackend(
                Settings(
                    mode="llm",
                    base_url=url,
                    model="fake-golden",
                    prompt="verbatim-v2",
                    concurrency=level,
                    batch_tokens=batch_tokens,
                )
            )
            fake.requests = 0
            started = time.perf_counter()
            backend.engine.run(jobs)
            rows.append(
                {
                    "records": len(jobs),
                    "batching": label,
                    "concurrency": level,
                    "requests": fake.requests,
                    "wall_s": f"{time.perf_counter() - started:.2f}",
                }
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--latency", type=float, default=0.05, help="fake latency for the prompt table")
    parser.add_argument("--concurrency", type=int, default=4, help="concurrency for the prompt table")
    parser.add_argument("--records", type=int, default=100)
    parser.add_argument("--skip-concurrency", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    from docnorm.fakellm.server import FakeLLM

    fake = FakeLLM(ROOT / "eval" / "golden", latency=args.latency)
    url = fake.start()
    try:
        print(f"## prompts (all example documents, mode llm, latency {args.latency}s, concurrency {args.concurrency})")
        print(
            _table(
                bench_prompts(url, fake, args.concurrency),
                [
                    "prompt",
                    "mode",
                    "requests",
                    "tokens_in",
                    "tokens_out",
                    "cost_usd",
                    "wall_s",
                    "llm_records",
                    "fallback",
                    "ungrounded",
                ],
            )
        )
        if not args.skip_concurrency:
            fake.latency = 0.3
            print(f"\n## concurrency ({args.records} records, latency 0.3s)")
            print(
                _table(
                    bench_concurrency(url, fake, args.records, (1, 4, 16)),
                    ["records", "batching", "concurrency", "requests", "wall_s"],
                )
            )
    finally:
        fake.stop()


if __name__ == "__main__":
    main()
