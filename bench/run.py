"""`make bench`: our assistant against a stock `rasa init` assistant, measured in one run.

For each assistant: time from start to first REST answer, sequential REST latency
p50/p95 over a fixed message mix, throughput and p95 with 20 concurrent conversations,
and resident memory of each server process. Prints a table and writes JSON to
var/reports/. The two assistants run one after the other, never at the same time.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import settings as settings_module  # noqa: E402
from bot.serve import RASA_PROCESS_ENV  # noqa: E402

MESSAGE_MIX = (
    "hello",
    "are you a bot?",
    "thanks",
    "good morning",
    "bye",
    "hi there",
    "is this a real person",
    "cheers",
)
PAIN_MIX = (
    "my temples ache every afternoon",
    "pain runs down the back of my leg",
    "its not my knee its lower, the shin",
    "been sat at my laptop since 7am and my neck is wrecked",
    "both calves are tight after my runs",
)
KB_QUERIES = (
    (("temple",), ()),
    (("back_of_thigh",), ()),
    (("outer_thigh",), ("sport",)),
    (("knee", "shin"), ()),
    (("side_of_neck",), ("desk_work",)),
    (("calf",), ("running",)),
    (("jaw",), ("stress",)),
    (("leg",), ()),
    (("low_back", "buttock"), ("lifting",)),
    (("heel",), ()),
)
SEQUENTIAL_MESSAGES = 200
TRIAGE_TURNS = 60
CONCURRENT_SENDERS = 20
MESSAGES_PER_SENDER = 15
START_TIMEOUT = 300.0


@dataclass
class Result:
    """Figures for one assistant."""

    name: str
    start_to_first_answer_s: float = 0.0
    sequential_p50_ms: float = 0.0
    sequential_p95_ms: float = 0.0
    concurrent_throughput_msg_s: float = 0.0
    concurrent_p95_ms: float = 0.0
    errors: int = 0
    rss_mb: dict[str, float] = field(default_factory=dict)
    nlu_parse_p50_ms: float | None = None
    nlu_parse_p95_ms: float | None = None
    nlu_in_process_p50_ms: float | None = None
    nlu_in_process_p95_ms: float | None = None
    triage_turn_p50_ms: float | None = None
    triage_turn_p95_ms: float | None = None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def post(url: str, sender: str, text: str, timeout: float = 30.0) -> list[Any]:
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return list(json.loads(response.read()))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(child) for child in children.read_text().split()]
    for one in pids:
        for line in Path(f"/proc/{one}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return round(total / 1024, 1)


def wait_first_answer(url: str, started: float, process: subprocess.Popen[bytes]) -> float:
    deadline = started + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with code {process.returncode} before answering")
        try:
            if post(url, "bench-start", "hello", timeout=5):
                return time.monotonic() - started
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"no answer within {START_TIMEOUT:.0f} s")


def measure(result: Result, url: str) -> None:
    for index in range(10):  # warm-up: first messages pay for lazy loading
        post(url, "bench-warmup", MESSAGE_MIX[index % len(MESSAGE_MIX)])

    latencies: list[float] = []
    for index in range(SEQUENTIAL_MESSAGES):
        text = MESSAGE_MIX[index % len(MESSAGE_MIX)]
        began = time.perf_counter()
        post(url, f"bench-seq-{index // 10}", text)
        latencies.append((time.perf_counter() - began) * 1000)
    result.sequential_p50_ms = round(statistics.median(latencies), 1)
    result.sequential_p95_ms = round(percentile(latencies, 0.95), 1)

    concurrent: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()

    def converse(sender: int) -> None:
        for index in range(MESSAGES_PER_SENDER):
            text = MESSAGE_MIX[(sender + index) % len(MESSAGE_MIX)]
            began = time.perf_counter()
            try:
                post(url, f"bench-conc-{sender}", text)
            except OSError:
                with lock:
                    errors.append(sender)
                continue
            with lock:
                concurrent.append((time.perf_counter() - began) * 1000)

    threads = [threading.Thread(target=converse, args=(n,)) for n in range(CONCURRENT_SENDERS)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    result.concurrent_throughput_msg_s = round(len(concurrent) / elapsed, 1)
    result.concurrent_p95_ms = round(percentile(concurrent, 0.95), 1) if concurrent else 0.0
    result.errors = len(errors)


def measure_parse(result: Result, base_url: str, token: str) -> None:
    """NLU-only latency: `/model/parse` over the pain messages (the API needs the token)."""
    url = f"{base_url}/model/parse?token={token}"
    timings: list[float] = []
    for index in range(100):
        body = json.dumps({"text": PAIN_MIX[index % len(PAIN_MIX)]}).encode()
        request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
        began = time.perf_counter()
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            response.read()
        timings.append((time.perf_counter() - began) * 1000)
    result.nlu_parse_p50_ms = round(statistics.median(timings), 1)
    result.nlu_parse_p95_ms = round(percentile(timings, 0.95), 1)


def measure_triage(result: Result, url: str) -> None:
    """A triage turn: a pain message in a new conversation, answered by the action server."""
    timings: list[float] = []
    for index in range(TRIAGE_TURNS):
        text = PAIN_MIX[index % len(PAIN_MIX)]
        began = time.perf_counter()
        replies = post(url, f"bench-triage-{index}", text)
        timings.append((time.perf_counter() - began) * 1000)
        if not any("triage" in (reply.get("custom") or {}) for reply in replies):
            raise RuntimeError(f"no triage answer for {text!r}: {replies}")
    result.triage_turn_p50_ms = round(statistics.median(timings), 1)
    result.triage_turn_p95_ms = round(percentile(timings, 0.95), 1)


def measure_nlu_in_process(result: Result, model: Path | None = None) -> None:
    """The NLU pipeline alone, in a process of its own (`python -m bot nlu latency`), over
    our held-out messages; `model` is ours unless given (the stock one, for the floor, run
    with Rasa's own dask graph runner as a stock server runs it)."""
    python = str(ROOT / ".venv" / "bin" / "python")
    choice = ["--model", str(model), "--dask"] if model else []
    done = subprocess.run(
        [python, "-m", "bot", "nlu", "latency", "--rounds", "2", *choice],
        cwd=ROOT, check=True, capture_output=True, text=True,
    )  # fmt: skip
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    result.nlu_in_process_p50_ms = figures["p50"]
    result.nlu_in_process_p95_ms = figures["p95"]


def bench_kb(workdir: Path) -> dict[str, float]:
    """Knowledge base: a full build in a fresh process, and `sources_for` latency."""
    from bot.kb.query import ReferralKB

    db = workdir / "bench-kb.db"
    began = time.perf_counter()
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "-m", "bot", "kb", "build", "--db", str(db)],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    build_s = time.perf_counter() - began
    kb = ReferralKB(db)
    kb.sources_for(["temple"])  # first use reads the database
    timings: list[float] = []
    for index in range(20000):
        zones, triggers = KB_QUERIES[index % len(KB_QUERIES)]
        began = time.perf_counter()
        kb.sources_for(zones, triggers)
        timings.append((time.perf_counter() - began) * 1000)
    return {
        "build_s_fresh_process": round(build_s, 2),
        "sources_for_p50_ms": round(statistics.median(timings), 3),
        "sources_for_p99_ms": round(percentile(timings, 0.99), 3),
    }


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def bench_ours(workdir: Path) -> Result:
    """Our assistant, started with the same commands as the Procfile."""
    rasa_port, action_port = free_port(), free_port()
    env = dict(os.environ)
    env.update(
        BOT_RASA_PORT=str(rasa_port),
        BOT_ACTION_PORT=str(action_port),
        BOT_TRACKER_DB_URL=f"sqlite:///{workdir / 'bench-tracker.db'}",
        BOT_RASA_API_TOKEN="bench-token",
    )
    python = str(ROOT / ".venv" / "bin" / "python")
    log = (workdir / "ours.log").open("wb")
    started = time.monotonic()
    processes = [
        subprocess.Popen(
            [python, "-m", "bot", "serve", service],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        for service in ("actions", "rasa")
    ]  # fmt: skip
    result = Result("this assistant")
    try:
        url = f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook"
        result.start_to_first_answer_s = round(wait_first_answer(url, started, processes[1]), 1)
        measure(result, url)
        measure_parse(result, f"http://127.0.0.1:{rasa_port}", "bench-token")
        measure_triage(result, url)
        result.rss_mb = {
            "rasa server": rss_mb(processes[1].pid),
            "action server": rss_mb(processes[0].pid),
        }
    finally:
        stop(processes)
    return result


def bench_stock(workdir: Path) -> Result:
    """A stock `rasa init` assistant: the framework's floor on this machine."""
    project = workdir / "stock"
    env = dict(os.environ)
    env.update(RASA_PROCESS_ENV)
    python = str(ROOT / ".venv" / "bin" / "python")
    print("creating and training a stock `rasa init` assistant (about two minutes)...", flush=True)
    project.mkdir()  # `rasa init --init-dir` refuses a folder that does not exist
    subprocess.run(
        [python, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(project)],
        cwd=workdir, env=env, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    port = free_port()
    log = (workdir / "stock.log").open("wb")
    started = time.monotonic()
    process = subprocess.Popen(
        [python, "-m", "rasa", "run", "--interface", "127.0.0.1", "--port", str(port),
         "--model", str(project / "models")],
        cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    result = Result("stock rasa init")
    try:
        url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
        result.start_to_first_answer_s = round(wait_first_answer(url, started, process), 1)
        measure(result, url)
        result.rss_mb = {"rasa server": rss_mb(process.pid)}
    finally:
        stop([process])
    # The stock pipeline's NLU on the same messages: what the framework's own NLU costs.
    measure_nlu_in_process(result, next((project / "models").glob("*.tar.gz")))
    return result


def ratios(ours: Result, floor: Result) -> dict[str, float]:
    return {
        "p50_vs_floor": round(ours.sequential_p50_ms / floor.sequential_p50_ms, 2),
        "p95_vs_floor": round(ours.sequential_p95_ms / floor.sequential_p95_ms, 2),
        "throughput_vs_floor": round(
            ours.concurrent_throughput_msg_s / floor.concurrent_throughput_msg_s, 2
        ),
        # A triage turn (NLU, policies and the action server's knowledge-base reply) against
        # the floor's plain turn: what the extra work of a real answer costs.
        "nlu_in_process_p50_vs_floor": round(
            (ours.nlu_in_process_p50_ms or 0.0) / (floor.nlu_in_process_p50_ms or 1.0), 2
        ),
        "triage_turn_p50_vs_floor": round(
            (ours.triage_turn_p50_ms or 0.0) / floor.sequential_p50_ms, 2
        ),
    }


def table(results: list[Result], compared: dict[str, float]) -> str:
    rows = [
        ("start to first answer (s)", "start_to_first_answer_s"),
        ("sequential p50 (ms)", "sequential_p50_ms"),
        ("sequential p95 (ms)", "sequential_p95_ms"),
        (f"{CONCURRENT_SENDERS} concurrent: msg/s", "concurrent_throughput_msg_s"),
        (f"{CONCURRENT_SENDERS} concurrent: p95 (ms)", "concurrent_p95_ms"),
        ("errors", "errors"),
        ("NLU parse p50 (ms)", "nlu_parse_p50_ms"),
        ("NLU parse p95 (ms)", "nlu_parse_p95_ms"),
        ("NLU in-process p50 (ms)", "nlu_in_process_p50_ms"),
        ("NLU in-process p95 (ms)", "nlu_in_process_p95_ms"),
        ("triage turn p50 (ms)", "triage_turn_p50_ms"),
        ("triage turn p95 (ms)", "triage_turn_p95_ms"),
    ]
    lines = [f"{'':30}" + "".join(f"{r.name:>20}" for r in results)]
    for label, attribute in rows:
        cells = (getattr(r, attribute) for r in results)
        lines.append(f"{label:30}" + "".join(f"{'-' if c is None else c:>20}" for c in cells))
    for process in ("rasa server", "action server"):
        memory = "".join(f"{r.rss_mb.get(process, '-'):>20}" for r in results)
        lines.append(f"{'RSS ' + process + ' (MB)':30}" + memory)
    lines.append("")
    lines += [f"{name}: {value}" for name, value in compared.items()]
    lines.append("targets: p50_vs_floor <= 1.5, throughput_vs_floor >= 0.8")
    return "\n".join(lines)


def main() -> int:
    settings = settings_module.load()
    settings.reports_dir.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        print("benchmarking the knowledge base...", flush=True)
        kb_figures = bench_kb(workdir)
        print("benchmarking this assistant...", flush=True)
        ours = bench_ours(workdir)
        print("timing the NLU pipeline in a process of its own...", flush=True)
        measure_nlu_in_process(ours)
        floor = bench_stock(workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    compared = ratios(ours, floor)
    print(table([ours, floor], compared))
    print("knowledge base: " + ", ".join(f"{k} {v}" for k, v in kb_figures.items()))
    print("targets: kb build < 5 s, sources_for p99 < 2 ms, NLU in-process parse p50 < 15 ms")
    report = {
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"cpus": os.cpu_count()},
        "message_mix": MESSAGE_MIX,
        "results": [asdict(ours), asdict(floor)],
        "ratios": compared,
        "knowledge_base": kb_figures,
    }
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for name in (f"bench-{stamp}.json", "bench-latest.json"):
        (settings.reports_dir / name).write_text(json.dumps(report, indent=2) + "\n")
    print(f"report: {settings.reports_dir / 'bench-latest.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
