"""`docnorm fake-llm`: a local OpenAI-compatible chat-completions server for tests and benches.

It answers from the golden files (record matched by department, position and name) or, failing
that, from the offline extractor; tools and JSON modes; usage figures; optional latency and
injected faults, consumed one per request in order.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
import uuid
from collections import deque
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from docnorm.errors import ConfigError
from docnorm.extractor.llm.models import project_to_answer
from docnorm.extractor.llm.refs import first_ending_on
from docnorm.extractor.llm.textmap import fold
from docnorm.llm.tokens import estimate_tokens
from docnorm.schemas import FormADocument, GoldenDocument, Project

log = logging.getLogger(__name__)
MODELS = ("fake-golden", "fake-namer")  # what GET /models lists; any model name is answered alike
FAULTS = ("429", "500", "timeout", "malformed", "invalid", "truncated", "invent", "drop")
_BLOCK = re.compile(r"^### 记录 (\d+)\n", re.MULTILINE)
_NUMBERED = re.compile(r"^\d{3}\| ", re.MULTILINE)


def _key(text: str) -> str:
    return fold(text).replace(",", "")


class GoldenIndex:
    """Golden Form A projects by department, found again from a record's text."""

    def __init__(self, golden_dir: Path | None) -> None:
        self.by_department: dict[str, list[Project]] = {}
        for path in sorted(golden_dir.glob("*.json")) if golden_dir else []:
            try:
                doc = GoldenDocument.model_validate_json(path.read_text(encoding="utf-8"))
            except ValueError:
                log.warning("skipping golden %s: does not validate", path.name)
                continue
            if isinstance(doc.content, FormADocument) and doc.content.department:
                self.by_department.setdefault(_key(doc.content.department), []).extend(doc.content.projects)

    def find(self, department: str, position: int, block: str) -> Project | None:
        projects = self.by_department.get(_key(department), [])
        text = _key(block)
        fits = [
            p for p in projects if p.name and _key(p.name) in text and (p.total is None or _key(str(p.total)) in text)
        ]
        same = [p for p in fits if p.position == position]
        return (same or fits)[0] if same or fits else None


_COLUMNS = ("项目名称（资金使用单位）", "总计", "财政拨款", "财政专户拨款", "其他资金", "绩效目标", "绩效指标")


def _offline_answer(department: str, block: str) -> dict | None:
    """Answer one record with the offline extractor, under a synthetic Form A header."""
    try:
        from docnorm.errors import DocnormError
        from docnorm.extractor.pipeline import extract_text
    except ImportError:
        return None
    tabbed = "\t" in block
    header = f"项目支出绩效目标表（含转移支付项目）\n部门名称：{department}\n单位：万元\n"
    header += ("\t" if tabbed else " ").join(_COLUMNS) + "\n"
    try:
        result = extract_text(header + ("" if tabbed else "    ") + block.strip("\n"), "fake-llm-record")
    except DocnormError:
        return None
    content = result.content
    if isinstance(content, FormADocument) and content.projects:
        return project_to_answer(content.projects[0])
    return None


def _anchors(
    text: str, at: int, target: str, line_start: int, end_line_start: int, line_end: int | None = None
) -> tuple[str, str]:
    """Shortest anchors that `refs.ref_span` reads back as exactly ``text[at:at+len(target)]``;
    with ``line_end`` (end of the last line) the ending is read as the last one on that line."""
    end = at + len(target)

    def tail_ok(tail: str) -> bool:
        if line_end is not None:
            return text.rfind(tail, max(at, end_line_start - len(tail) + 1), line_end) == end - len(tail)
        return first_ending_on(text, tail, at, end_line_start) == end - len(tail)

    head = next((target[:n] for n in range(2, 13) if text.find(target[:n], line_start) == at), target[:12])
    tail = next((target[-n:] for n in range(2, 13) if tail_ok(target[-n:])), target[-12:])
    return head, tail


class _Lines:
    """The numbered lines of one block, folded and joined, with where each line starts."""

    def __init__(self, lines: list[str]) -> None:
        folded = [fold(line) for line in lines]
        self.text = "".join(folded)
        self.bounds: list[int] = []
        pos = 0
        for f in folded:
            self.bounds.append(pos)
            pos += len(f)

    def line_of(self, i: int) -> int:
        return max(n for n, b in enumerate(self.bounds, start=1) if b <= i)

    def ref(self, at: int, length: int, last_tail: bool = False) -> dict:
        """The reference to ``text[at:at+length]``."""
        first, last = self.line_of(at), self.line_of(at + length - 1)
        line_end = (self.bounds[last] if last < len(self.bounds) else len(self.text)) if last_tail else None
        head, tail = _anchors(
            self.text, at, self.text[at : at + length], self.bounds[first - 1], self.bounds[last - 1], line_end
        )
        return {"line": first, "starts_with": head, "end_line": last, "ends_with": tail}


def _miss(target: str) -> dict:
    """A reference that resolves to nothing (the value is not in the block)."""
    return {"line": 1, "starts_with": target[:6] or "?", "end_line": 1, "ends_with": target[-6:] or "?"}


def _ref(lines: _Lines, value: str | None) -> dict | None:
    """A by-reference answer for ``value`` in the numbered lines of a block (see refs.ref_span)."""
    if not value:
        return None
    target = fold(value)
    at = lines.text.find(target)
    return lines.ref(at, len(target)) if at >= 0 else _miss(target)


def _items_ref(lines: _Lines, answer: dict) -> dict | None:
    """The reference to a record's whole indicator text: from its first item (searched after the
    goal) to the end of the record's text, the last cell of the table."""
    indicators = answer.get("indicators") or []
    if not indicators:
        return None
    first = indicators[0]
    number = f"{first['printed_no']}、" if first.get("printed_no") is not None else None
    fields = (
        number,
        first.get("level1_code"),
        first.get("level1"),
        first.get("level2_code"),
        first.get("level2"),
        first.get("name"),
    )
    lead = next((fold(str(v)) for v in fields if v), "")
    goal = fold(answer.get("goal") or "")
    after = lines.text.find(goal) + len(goal) if goal and goal in lines.text else 0
    at = lines.text.find(lead, after) if lead else -1
    end = len(lines.text)
    return lines.ref(at, end - at, last_tail=True) if 0 <= at < end else _miss(lead or "?")


def _strategy(request: str) -> str:
    """The prompt strategy, told by the answer model the request asks for (tools or JSON mode)."""
    if "ItemsProjectAnswer" in request:
        return "by-reference-items"
    if "RefGoalProjectAnswer" in request:
        return "by-reference-goal"
    return "by-reference" if "TextRef" in request else "verbatim"


def _by_reference(answer: dict, lines: _Lines, strategy: str) -> None:
    """Turn a verbatim answer into the strategy's: references instead of long text."""
    if strategy == "by-reference-items":
        answer["indicator_count"] = len(answer.get("indicators") or [])
        answer["indicators"] = _items_ref(lines, answer)
    elif strategy == "by-reference":
        for ind in answer.get("indicators") or []:
            ind["name"] = _ref(lines, ind.get("name"))
    answer["goal"] = _ref(lines, answer.get("goal"))


def _theme_name(user: str) -> str:
    """A theme name a careful model might give: the first two keywords of the request."""
    found = re.search(r"关键词：(.*)", user)
    keywords = found[1].split() if found else []
    return "".join(keywords[:2])[:12] or "未命名主题"


class FakeLLM:
    """State shared by the handler threads: goldens, latency, the fault queue, counters."""

    def __init__(
        self,
        golden_dir: Path | None = None,
        latency: float = 0.0,
        faults: Iterable[str] = (),
        retry_after: float = 0.01,
        hang: float = 2.0,
        api_key: str | None = None,
        script: Iterable[dict] = (),
    ) -> None:
        self.golden = GoldenIndex(golden_dir)
        self.script = list(script)  # answers for any-layout chunks: [{when, answer, reask?}, ...]
        self.api_key = api_key  # when set, requests without `Bearer <api_key>` get 401
        self.latency, self.retry_after, self.hang = latency, retry_after, hang
        self.faults: deque[str] = deque(faults)
        self.requests = 0
        self.in_flight = self.max_in_flight = 0
        self.seen: list[list[int]] = []  # record positions of each answered request
        self.authorized = 0  # requests that carried a bearer token (never stored)
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    def next_fault(self) -> str | None:
        with self.lock:
            self.requests += 1
            return self.faults.popleft() if self.faults else None

    def answer(self, body: dict) -> dict:
        user = [m for m in body["messages"] if m.get("role") == "user"][-1]["content"]
        request = json.dumps(body, ensure_ascii=False)
        if "ThemeNameAnswer" in request:
            return {"name": _theme_name(user)}
        if "LayoutChunkAnswer" in request:
            return self._scripted(user)
        found = re.search(r"部门名称：(.*)", user)
        department = found[1].strip() if found else ""
        strategy = _strategy(request)
        parts = _BLOCK.split(user)
        projects = []
        with self.lock:
            self.seen.append([int(p) for p in parts[1::2]])
        for position, block in zip(parts[1::2], parts[2::2]):
            plain = _NUMBERED.sub("", block)
            gold = self.golden.find(department, int(position), plain)
            answer = project_to_answer(gold) if gold else _offline_answer(department, plain) or {"name": None}
            if strategy != "verbatim":
                lines = _Lines([line[5:] for line in block.split("\n") if _NUMBERED.match(line + " ")])
                _by_reference(answer, lines, strategy)
            projects.append(answer)
        return {"projects": projects}

    def _scripted(self, user: str) -> dict:
        """An any-layout chunk is answered from the script: the first entry whose ``when`` text
        occurs in the request (its ``reask`` answer for a re-ask); no entry, no project."""
        reask = "had values that are not in its text" in user
        for entry in self.script:
            if entry["when"] in user:
                return entry.get("reask", entry["answer"]) if reask else entry["answer"]
        return {"projects": []}

    # -- lifecycle -----------------------------------------------------------------------------
    def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        handler = type("Handler", (_Handler,), {"fake": self})
        try:
            self.server = ThreadingHTTPServer((host, port), handler)
        except (OSError, OverflowError) as exc:  # a busy port, a port out of range, an unknown host
            raise ConfigError(f"fake-llm cannot listen on {host}:{port}: {exc}") from None
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://{host}:{self.server.server_address[1]}/v1"

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()


def _corrupt(fault: str, answer: dict) -> str:
    if fault == "malformed":
        return json.dumps(answer, ensure_ascii=False)[:-7] + '",,'
    if "projects" not in answer:  # a theme name
        invented = {"invalid": {"name": ""}, "invent": {"name": "火星移民计划"}}
        return json.dumps(invented.get(fault, answer), ensure_ascii=False)
    if fault == "invalid":
        return json.dumps({"projects": [{"name": 5, "total": "twelve", "indicators": "none"}]})
    first = answer["projects"][0] if answer["projects"] else None
    if fault == "invent" and first is not None:
        first["name"] = (first.get("name") or "") + "专项资金补贴扩展"
    if fault == "drop" and first is not None and first.get("indicators"):
        if isinstance(first["indicators"], list):
            first["indicators"] = first["indicators"][:-1]
        else:  # by-reference items: the model miscounts
            first["indicator_count"] -= 1
    return json.dumps(answer, ensure_ascii=False)


class _Handler(BaseHTTPRequestHandler):
    fake: FakeLLM
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # no request logs (headers hold keys)
        return

    def _send(self, status: int, payload: dict, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        for k, v in {"Content-Type": "application/json", "Content-Length": str(len(data)), **(headers or {})}.items():
            self.send_header(k, v)
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout fault)
            log.debug("client closed the connection before the answer")

    def _refused(self) -> bool:
        """401 unless the request carries the key the server was started with (if any)."""
        key = self.fake.api_key
        if key is None or self.headers.get("Authorization", "") == f"Bearer {key}":
            return False
        self._send(401, {"error": {"message": "invalid api key", "type": "invalid_request_error"}})
        return True

    def do_GET(self) -> None:
        if not self.path.rstrip("/").endswith("/models"):
            return self._send(404, {"error": {"message": "not found"}})
        if not self._refused():
            listed = [{"id": m, "object": "model", "created": 0, "owned_by": "docnorm"} for m in MODELS]
            self._send(200, {"object": "list", "data": listed})

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        if not self.path.endswith("/chat/completions"):
            return self._send(404, {"error": {"message": "not found"}})
        if self._refused():
            return None
        fake = self.fake
        fault = fake.next_fault()
        with fake.lock:
            fake.authorized += self.headers.get("Authorization", "").startswith("Bearer ")
            fake.in_flight += 1
            fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
        try:
            self._reply(fake, fault, body)
        finally:
            with fake.lock:
                fake.in_flight -= 1

    def _reply(self, fake: FakeLLM, fault: str | None, body: dict) -> None:
        time.sleep(fake.latency)
        if fault == "429":
            return self._send(
                429,
                {"error": {"message": "rate limited", "type": "rate_limit"}},
                {"Retry-After": str(fake.retry_after)},
            )
        if fault == "500":
            return self._send(500, {"error": {"message": "server error"}})
        if fault == "timeout":
            time.sleep(fake.hang)
        answer = fake.answer(body)
        content = _corrupt(fault or "", answer)
        finish = "stop"
        if fault == "truncated":
            content, finish = content[: len(content) // 2], "length"
        self._send(200, _completion(body, content, finish))


def _completion(body: dict, content: str, finish: str) -> dict:
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if body.get("tools"):
        name = body["tools"][0]["function"]["name"]
        message = {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": f"call_{uuid.uuid4().hex[:12]}",
                    "type": "function",
                    "function": {"name": name, "arguments": content},
                }
            ],
        }
    prompt_tokens = sum(estimate_tokens(str(m.get("content") or "")) for m in body["messages"])
    prompt_tokens += estimate_tokens(json.dumps(body.get("tools") or ""))
    out = estimate_tokens(content)
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex[:12]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "fake"),
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": out, "total_tokens": prompt_tokens + out},
    }
