"""Wall time and peak memory of `docnorm extract` on large batches and large documents (issue #12).

    python bench/bench_batch.py                        # 500 and 5,000 documents, 50 MB, 20 MB line
    python bench/bench_batch.py --docs 500 5000 50000 --big-mb 50 --line-mb 20 --workers 1 2

Each figure is one `docnorm extract` process run by a fresh measuring process, so its peak RSS
(ru_maxrss of the largest process of the run: the main process, or one worker) belongs to that run
alone. Small documents are the bundled examples copied under new names (each read once, as a user's
batch); the big document repeats the project blocks of a Form A example until it reaches the size;
the single line is that text with its line breaks replaced by spaces. Prints one row per run:
case, workers, documents, input MB, seconds, documents/s, peak RSS MB, RSS / input size."""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "examples" / "docs"
FORM_A = DOCS / "000_487862950e7e3971.txt"


def small_batch(folder: Path, count: int) -> Path:
    """`count` copies of the bundled examples, in a folder of their own."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = sorted(DOCS.glob("*.txt"))
    for i in range(count):
        seed = seeds[i % len(seeds)]
        shutil.copyfile(seed, folder / f"{i:06d}_{seed.name}")
    return folder


def big_document(path: Path, megabytes: float, single_line: bool = False) -> Path:
    """One Form A document of about `megabytes` MB: the title and header once, then the example's
    unit and project rows repeated; `single_line`: every line break a space."""
    lines = FORM_A.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("合计"))
    head, body = "\n".join(lines[: start + 1]) + "\n", "\n".join(lines[start + 1 :]) + "\n"
    target = int(megabytes * 1024 * 1024)
    repeats = max(1, (target - len(head.encode())) // len(body.encode()))
    text = head + body * repeats
    if single_line:
        text = text.replace("\n", " ")
    path.write_text(text, encoding="utf-8")
    return path


def measure(args: list[str]) -> dict[str, float]:
    """Run `docnorm extract ARGS` in a child; wall seconds and its peak RSS (MB)."""
    command = [sys.executable, "-m", "docnorm", "extract", *args, "--no-progress"]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"docnorm failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": seconds, "peak_mb": peak_kb / 1024}


def run_case(case: str, inputs: Path, out: Path, workers: int, documents: int) -> dict[str, object]:
    """One measurement, in a fresh measuring process so ru_maxrss is this run's alone."""
    extract = [str(inputs), "-o", str(out), "--workers", str(workers), "--force"]
    probe = [sys.executable, __file__, "--measure", json.dumps(extract)]
    figures = json.loads(subprocess.run(probe, check=True, capture_output=True, text=True).stdout)
    size_mb = sum(p.stat().st_size for p in ([inputs] if inputs.is_file() else inputs.iterdir())) / 2**20
    return {
        "case": case,
        "workers": workers,
        "documents": documents,
        "input_mb": size_mb,
        **figures,
        "docs_per_s": documents / figures["seconds"],
        "rss_per_input": figures["peak_mb"] / size_mb,
    }


def print_row(row: dict[str, object]) -> None:
    print(
        f"{row['case']:<14}{row['workers']:>3}{row['documents']:>8}{row['input_mb']:>10.1f}"
        f"{row['seconds']:>10.1f}{row['docs_per_s']:>10.1f}{row['peak_mb']:>10.0f}{row['rss_per_input']:>10.1f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, nargs="*", default=[500, 5000], help="batch sizes of small documents")
    parser.add_argument("--big-mb", type=float, default=50.0, help="size of the one big document (0: skip)")
    parser.add_argument("--line-mb", type=float, default=20.0, help="size of the single-line document (0: skip)")
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(json.loads(args.measure))))
        return
    print(f"{'case':<14}{'w':>3}{'docs':>8}{'input MB':>10}{'seconds':>10}{'docs/s':>10}{'peak MB':>10}{'RSS/in':>10}")
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        root = Path(tmp)
        for count in args.docs:
            folder = small_batch(root / f"docs{count}", count)
            for workers in args.workers:
                print_row(run_case("small docs", folder, root / f"out{count}-{workers}", workers, count))
            shutil.rmtree(folder)
        for case, megabytes, single in (("big document", args.big_mb, False), ("single line", args.line_mb, True)):
            if megabytes > 0:
                path = big_document(root / f"{case.replace(' ', '_')}.txt", megabytes, single)
                print_row(run_case(case, path, root / f"out-{case.replace(' ', '_')}", 1, 1))
                path.unlink()


if __name__ == "__main__":
    main()
