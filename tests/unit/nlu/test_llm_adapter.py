"""The optional LLM: reached over HTTP on loopback here, trusted only with catalog ids."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import pytest

from minwon.catalog import load_catalog
from minwon.nlu import Router, StaticLLM
from minwon.nlu.openai_adapter import OpenAICompatibleLLM

TODAY = date(2026, 11, 28)  # a Saturday; the evaluation sets are written against it

UNSURE = "ㅁㄴㅇㄹ 그거 그거 있잖아요 그거 신청"  # the model alone is not confident here


class _FakeCompletions(BaseHTTPRequestHandler):
    reply: ClassVar[str] = "none"
    seen: ClassVar[list[dict[str, object]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append(body)
        payload = json.dumps({"choices": [{"message": {"content": type(self).reply}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = HTTPServer(("127.0.0.1", 0), _FakeCompletions)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_the_adapter_returns_the_model_answer(server: str) -> None:
    _FakeCompletions.reply = "passport-application"
    llm = OpenAICompatibleLLM(server, "test-model")
    assert llm.suggest("여권", {"passport-application": "여권"}) == "passport-application"
    request = _FakeCompletions.seen[-1]
    assert request["model"] == "test-model"
    assert "passport-application" in json.dumps(request, ensure_ascii=False)


def test_an_unreachable_endpoint_gives_no_answer() -> None:
    llm = OpenAICompatibleLLM("http://127.0.0.1:9/v1", "m", timeout=0.5)
    assert llm.suggest("여권", {"passport-application": "여권"}) is None


def test_a_router_uses_a_valid_catalog_id_from_the_llm(server: str) -> None:
    _FakeCompletions.reply = "seal-certificate"
    router = Router.from_catalog(load_catalog(), llm=OpenAICompatibleLLM(server, "m"))
    result = router.route(UNSURE, today=TODAY)
    assert result.services == ["seal-certificate"]


def test_a_router_rejects_an_id_the_catalog_does_not_have(server: str) -> None:
    _FakeCompletions.reply = "free-money-service"
    plain = Router.from_catalog(load_catalog())
    router = Router.from_catalog(load_catalog(), llm=OpenAICompatibleLLM(server, "m"))
    assert router.route(UNSURE, today=TODAY) == plain.route(UNSURE, today=TODAY)


def test_the_fake_llm_is_not_asked_when_the_model_is_sure() -> None:
    fake = StaticLLM({"여권 재발급 신청": "death-report"})
    router = Router.from_catalog(load_catalog(), llm=fake)
    assert router.route("여권 재발급 신청", today=TODAY).services[0] == "passport-application"
    assert fake.calls == []
