"""A scripted model behind the two wire protocols the LLM driver speaks, on 127.0.0.1.

``FakeLLM`` is a real HTTP server (``http.server`` in a thread) answering

* ``POST /v1/chat/completions`` like an OpenAI-compatible endpoint (``tool_calls``,
  ``finish_reason``, ``usage``), and
* ``POST /v1/messages`` like Anthropic's Messages API (``tool_use`` / ``tool_result`` content
  blocks, ``stop_reason``, ``usage``), non-streaming.

It replays scripted model turns: each script item is a ``Turn`` or a function of the request
(``Request``) returning one, so a scripted model can look at what it was sent. It checks the
parts of a request the real services reject (authentication, roles, tool results answering
the calls of the previous turn) and records every request for the test to inspect.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

API_KEY = "sk-test-dbagent"


@dataclass
class Call:
    name: str
    arguments: dict[str, Any] | str


@dataclass
class Turn:
    text: str | None = None
    calls: list[Call] = field(default_factory=list)


@dataclass
class ToolResult:
    call_id: str
    content: str
    is_error: bool


@dataclass
class Request:
    provider: str  # "openai" | "anthropic"
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def system(self) -> str:
        if self.provider == "anthropic":
            s = self.body.get("system", "")
            return s if isinstance(s, str) else "".join(b.get("text", "") for b in s)
        return "\n".join(m["content"] for m in self.body["messages"] if m["role"] in ("system", "developer"))

    @property
    def tools(self) -> dict[str, dict[str, Any]]:
        """name -> {"description", "schema"} as sent."""
        out = {}
        for t in self.body.get("tools", []):
            if self.provider == "anthropic":
                out[t["name"]] = {"description": t.get("description"), "schema": t["input_schema"]}
            else:
                f = t["function"]
                out[f["name"]] = {"description": f.get("description"), "schema": f["parameters"]}
        return out

    def tool_results(self) -> list[ToolResult]:
        """The tool results that answer the previous model turn (the end of the conversation)."""
        msgs = self.body["messages"]
        if self.provider == "anthropic":
            last = msgs[-1]
            if last["role"] != "user" or isinstance(last["content"], str):
                return []
            out = []
            for b in last["content"]:
                if b.get("type") == "tool_result":
                    c = b.get("content", "")
                    text = c if isinstance(c, str) else "".join(x.get("text", "") for x in c)
                    out.append(ToolResult(b["tool_use_id"], text, bool(b.get("is_error"))))
            return out
        out = []
        for m in reversed(msgs):
            if m["role"] != "tool":
                break
            out.append(ToolResult(m["tool_call_id"], m["content"], False))
        return list(reversed(out))

    def user_texts(self) -> list[str]:
        out = []
        for m in self.body["messages"]:
            if m["role"] != "user":
                continue
            c = m["content"]
            if isinstance(c, str):
                out.append(c)
            else:
                out.extend(b["text"] for b in c if b.get("type") == "text")
        return out


Step = Turn | Callable[[Request], Turn]
"""One scripted model turn: fixed, or computed from the request the model receives."""


class ProtocolError(Exception):
    def __init__(self, status: int, message: str, kind: str = "invalid_request_error") -> None:
        super().__init__(message)
        self.status, self.kind = status, kind


class FakeLLM:
    """A scripted model on 127.0.0.1; use as a context manager."""

    def __init__(self, script: Sequence[object], *, model: str = "fake-model") -> None:
        self.script: list[Step] = []
        for x in script:
            if not (isinstance(x, Turn) or callable(x)):
                raise TypeError("a script holds Turns and functions of a Request returning a Turn")
            self.script.append(x)
        self.model = model
        self.requests: list[Request] = []
        self.rejected: list[tuple[int, str]] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    @property
    def openai_base_url(self) -> str:
        return self.url + "/v1"

    @property
    def anthropic_base_url(self) -> str:
        return self.url

    def __enter__(self) -> FakeLLM:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    # ------------------------------------------------------------------------------------

    def answer(
        self, provider: str, path: str, headers: dict[str, str], body: dict[str, Any]
    ) -> dict[str, Any]:
        _check_auth(provider, headers)
        if provider == "anthropic":
            _check_anthropic(body)
        else:
            _check_openai(body)
        req = Request(provider, path, headers, body)
        with self._lock:
            self.requests.append(req)
            if not self.script:
                raise ProtocolError(400, "the fake model's script is exhausted")
            item = self.script.pop(0)
        turn = item(req) if callable(item) else item
        return _anthropic_message(turn, body) if provider == "anthropic" else _openai_completion(turn, body)


def _handler(fake: FakeLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length)
            provider = {"/v1/chat/completions": "openai", "/v1/messages": "anthropic"}.get(
                self.path.split("?")[0]
            )
            try:
                if provider is None:
                    raise ProtocolError(404, f"no route {self.path}", "not_found_error")
                try:
                    body = json.loads(raw)
                except ValueError as e:
                    raise ProtocolError(400, f"request body is not JSON: {e}") from e
                headers = {k.lower(): v for k, v in self.headers.items()}
                self._send(200, fake.answer(provider, self.path, headers, body))
            except ProtocolError as e:
                fake.rejected.append((e.status, str(e)))
                if provider == "anthropic":
                    err: dict[str, Any] = {
                        "type": "error",
                        "error": {"type": e.kind, "message": str(e)},
                        "request_id": "req_" + secrets.token_hex(12),
                    }
                else:
                    err = {"error": {"message": str(e), "type": e.kind, "param": None, "code": None}}
                self._send(e.status, err)

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            if status == 200:
                self.send_header("x-request-id", "req_" + secrets.token_hex(12))
            self.end_headers()
            self.wfile.write(data)

    return Handler


def _check_auth(provider: str, headers: dict[str, str]) -> None:
    bearer = headers.get("authorization", "")
    if provider == "anthropic":
        if "anthropic-version" not in headers:
            raise ProtocolError(400, "anthropic-version header is required")
        if headers.get("x-api-key") != API_KEY and bearer != f"Bearer {API_KEY}":
            raise ProtocolError(401, "invalid x-api-key", "authentication_error")
    elif bearer != f"Bearer {API_KEY}":
        raise ProtocolError(401, "Incorrect API key provided", "invalid_request_error")


def _check_openai(body: dict[str, Any]) -> None:
    if not body.get("model") or not isinstance(body.get("messages"), list) or not body["messages"]:
        raise ProtocolError(400, "model and messages are required")
    pending: set[str] = set()
    for i, m in enumerate(body["messages"]):
        role = m.get("role")
        if role == "tool":
            if m.get("tool_call_id") not in pending:
                raise ProtocolError(400, f"messages[{i}]: a 'tool' message must answer a preceding tool_call")
            pending.discard(m["tool_call_id"])
            if not isinstance(m.get("content"), str):
                raise ProtocolError(400, f"messages[{i}].content must be a string")
            continue
        if pending:
            raise ProtocolError(400, f"messages[{i}]: tool_call_ids {sorted(pending)} have no tool message")
        if role == "assistant":
            pending = {c["id"] for c in m.get("tool_calls") or []}
        elif role not in ("system", "developer", "user"):
            raise ProtocolError(400, f"messages[{i}].role {role!r} is not valid")
    for t in body.get("tools", []):
        if t.get("type") != "function" or t["function"].get("parameters", {}).get("type") != "object":
            raise ProtocolError(400, "tools must be functions with an object schema")


def _check_anthropic(body: dict[str, Any]) -> None:
    if not body.get("model") or not isinstance(body.get("max_tokens"), int):
        raise ProtocolError(400, "model and max_tokens are required")
    msgs = body.get("messages") or []
    if not msgs or msgs[0]["role"] != "user":
        raise ProtocolError(400, "messages: the first message must use the user role")
    pending: set[str] = set()
    for i, m in enumerate(msgs):
        if m["role"] not in ("user", "assistant"):
            raise ProtocolError(400, f"messages.{i}.role: must be user or assistant")
        if i and m["role"] == msgs[i - 1]["role"]:
            raise ProtocolError(400, f"messages.{i}: roles must alternate between user and assistant")
        blocks = m["content"] if isinstance(m["content"], list) else [{"type": "text", "text": m["content"]}]
        if m["role"] == "user":
            answered = {b["tool_use_id"] for b in blocks if b.get("type") == "tool_result"}
            if pending - answered:
                raise ProtocolError(
                    400,
                    f"messages.{i}: tool_use ids {sorted(pending - answered)} were found "
                    "without tool_result blocks immediately after",
                )
            if answered - pending:
                raise ProtocolError(400, f"messages.{i}: unexpected tool_use_id in tool_result blocks")
            pending = set()
        else:
            pending = {b["id"] for b in blocks if b.get("type") == "tool_use"}
    for t in body.get("tools", []):
        if t.get("input_schema", {}).get("type") != "object":
            raise ProtocolError(400, "tools.input_schema: type must be object")


def _tokens(value: Any) -> int:
    return max(1, len(json.dumps(value)) // 4)


def _openai_completion(turn: Turn, body: dict[str, Any]) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": turn.text, "refusal": None, "annotations": []}
    if turn.calls:
        message["tool_calls"] = [
            {
                "id": "call_" + secrets.token_urlsafe(18).replace("-", "a").replace("_", "b"),
                "type": "function",
                "function": {
                    "name": c.name,
                    "arguments": c.arguments if isinstance(c.arguments, str) else json.dumps(c.arguments),
                },
            }
            for c in turn.calls
        ]
    prompt, completion = _tokens(body["messages"]), _tokens(message)
    return {
        "id": "chatcmpl-" + secrets.token_urlsafe(21),
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body["model"],
        "choices": [
            {
                "index": 0,
                "message": message,
                "logprobs": None,
                "finish_reason": "tool_calls" if turn.calls else "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {
                "reasoning_tokens": 0,
                "audio_tokens": 0,
                "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0,
            },
        },
        "service_tier": "default",
        "system_fingerprint": "fp_fake0001",
    }


def _anthropic_message(turn: Turn, body: dict[str, Any]) -> dict[str, Any]:
    content: list[dict[str, Any]] = []
    if turn.text:
        content.append({"type": "text", "text": turn.text, "citations": None})
    for c in turn.calls:
        args = json.loads(c.arguments) if isinstance(c.arguments, str) else c.arguments
        content.append(
            {"type": "tool_use", "id": "toolu_01" + secrets.token_hex(11), "name": c.name, "input": args}
        )
    return {
        "id": "msg_01" + secrets.token_hex(11),
        "type": "message",
        "role": "assistant",
        "model": body["model"],
        "content": content,
        "stop_reason": "tool_use" if turn.calls else "end_turn",
        "stop_sequence": None,
        "usage": {
            "input_tokens": _tokens(body["messages"]),
            "output_tokens": _tokens(content),
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0,
            "service_tier": "standard",
        },
    }
