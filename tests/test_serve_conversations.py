"""Named conversations in `broca serve`: a client continues a conversation across requests by naming
it (`metadata.conversation` or the X-Broca-Conversation header), and a name belongs to the key that
used it. The official `openai` client against a real server on loopback, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openai
import pytest
from click.testing import CliRunner
from conftest import Server

from assistant.cli import cli
from memory import MemoryStoreError, open_store

pytestmark = [pytest.mark.allow_hosts(["127.0.0.1"]), pytest.mark.slow]

BACKENDS = ["sqlite", "postgres"]


def _say(client: openai.OpenAI, text: str, conversation: str | None = None, **kwargs: Any) -> dict[str, Any]:
    """One short System 1 turn; broca's extension of the completion."""
    metadata = {"conversation": conversation} if conversation is not None else openai.NOT_GIVEN
    reply = client.chat.completions.create(model="broca-fast", messages=[{"role": "user", "content": text}],
                                           max_tokens=8, seed=7, metadata=metadata, **kwargs)  # fmt: skip
    assert reply.choices[0].message.content is not None and reply.model_extra is not None
    return dict(reply.model_extra["broca"])


@pytest.mark.parametrize("memory", BACKENDS)
def test_a_named_conversation_is_continued_with_its_earlier_turns(serve: Callable[..., Server], memory: str) -> None:
    srv = serve(memory=memory)
    client = srv.client()
    first = _say(client, "We are planning a trip to Kyoto in April.", "trip")
    assert first["conversation"] == "trip" and first["history_messages"] == 0
    second = _say(client, "Which month did I say?", "trip")
    assert second["conversation_id"] == first["conversation_id"] and second["history_messages"] == 2
    # The header names it as well as the body does; a stream reports the same in its last chunk.
    chunks = list(client.chat.completions.create(
        model="broca-fast", messages=[{"role": "user", "content": "And the city?"}], max_tokens=8, stream=True,
        extra_headers={"X-Broca-Conversation": "trip"}))  # fmt: skip
    final = [c for c in chunks if c.choices and c.choices[0].finish_reason][-1].model_extra["broca"]
    assert final["conversation_id"] == first["conversation_id"] and final["history_messages"] == 4
    logged = srv.store.messages(first["conversation_id"])
    assert [m["role"] for m in logged] == ["user", "assistant"] * 3
    assert [m["content"] for m in logged[::2]] == ["We are planning a trip to Kyoto in April.",
                                                   "Which month did I say?", "And the city?"]  # fmt: skip
    # Unnamed requests stay one conversation each, and a new name is a new conversation.
    plain = _say(client, "Hello there.")
    assert plain["conversation"] is None and plain["history_messages"] == 0
    assert plain["conversation_id"] != first["conversation_id"]
    other = _say(client, "A different subject.", "other")
    assert other["history_messages"] == 0 and other["conversation_id"] not in (first["conversation_id"],
                                                                               plain["conversation_id"])  # fmt: skip


@pytest.mark.parametrize("memory", BACKENDS)
def test_a_key_never_continues_or_reads_another_keys_conversation(serve: Callable[..., Server], memory: str) -> None:
    srv = serve(memory=memory)
    # One namespace on purpose: memories are shared, conversations are still each key's own.
    _, alice = srv.keys.add("alice", "family")
    _, bob = srv.keys.add("bob", "family")
    a1 = _say(srv.client(alice), "Remind me to water the basil.", "chores")
    b1 = _say(srv.client(bob), "Remind me to fix the bike.", "chores")
    assert b1["history_messages"] == 0 and b1["conversation_id"] != a1["conversation_id"]
    a2 = _say(srv.client(alice), "What else is on the list?", "chores")
    assert a2["conversation_id"] == a1["conversation_id"] and a2["history_messages"] == 2  # not bob's two
    assert srv.store.messages(b1["conversation_id"])[0]["content"] == "Remind me to fix the bike."

    # The store refuses another key's conversation as it refuses an unknown one.
    named = {c["id"]: c for c in srv.store.conversations("family")}
    alice_key, bob_key = named[a1["conversation_id"]]["client_key"], named[b1["conversation_id"]]["client_key"]
    assert alice_key.startswith("alice:") and bob_key.startswith("bob:") and alice not in alice_key
    assert srv.store.find_conversation("chores", alice_key, "family") == a1["conversation_id"]
    assert srv.store.find_conversation("chores", "mallory:0", "family") is None
    with pytest.raises(MemoryStoreError, match="no conversation"):
        srv.store.messages(a1["conversation_id"], key=bob_key)
    with pytest.raises(MemoryStoreError, match="no conversation"):
        srv.store.add_turn(a1["conversation_id"], user="hi", reply="hello", namespace="family", key=bob_key)
    assert len(srv.store.messages(a1["conversation_id"], key=alice_key)) == 4

    # A key revoked and made again under the same name is another client: it starts afresh.
    srv.keys.revoke("alice")
    _, again = srv.keys.add("alice", "family")
    assert _say(srv.client(again), "Anything left to do?", "chores")["history_messages"] == 0


def test_the_body_and_the_header_must_name_the_same_conversation(serve: Callable[..., Server]) -> None:
    srv = serve()
    client = srv.client()
    with pytest.raises(openai.BadRequestError) as refused:
        _say(client, "hi", "one", extra_headers={"X-Broca-Conversation": "two"})
    error = refused.value.body
    assert isinstance(error, dict) and error["code"] == "conversation_mismatch"
    assert error["param"] == "metadata.conversation" and "'one'" in error["message"]
    agreed = _say(client, "hi", "one", extra_headers={"X-Broca-Conversation": "one"})
    assert agreed["conversation"] == "one"
    for bad in ("", " ", "x" * 300, "a\nb"):
        with pytest.raises(openai.BadRequestError):
            _say(client, "hi", bad)
    response = srv.post("/v1/chat/completions", '{"model": "broca-fast", "messages": [{"role": "user", '
                        '"content": "hi"}], "metadata": ["trip"]}')  # fmt: skip
    assert response.status_code == 400 and response.json()["error"]["param"] == "metadata"
    # A name in UTF-8 in the header is the same name as in the body (raw bytes: the openai client
    # sends only ASCII header values).
    body = '{"model": "broca-fast", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 4}'
    first = srv.post("/v1/chat/completions", body, headers={"X-Broca-Conversation": "café".encode()})
    assert first.status_code == 200, first.text
    again = _say(client, "hi again", "café")
    assert again["conversation"] == "café" and again["history_messages"] == 2
    assert again["conversation_id"] == first.json()["broca"]["conversation_id"]
    latin = srv.post("/v1/chat/completions", body, headers={"X-Broca-Conversation": b"caf\xe9"})
    assert latin.status_code == 400 and latin.json()["error"]["param"] == "X-Broca-Conversation"


@pytest.mark.parametrize("memory", BACKENDS)
def test_export_and_import_carry_conversation_names_and_keys(
    serve: Callable[..., Server], memory: str, isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    srv = serve(memory=memory)
    _, alice = srv.keys.add("alice")
    said = _say(srv.client(alice), "I keep the spare key under the blue pot.", "house")
    _say(srv.client(alice), "Thanks.", "house")
    owner = srv.store.conversations("alice")[0]["client_key"]

    # `broca memory export --conversations` of the server's store (PostgreSQL or its SQLite file) ...
    location = str(srv.engine.config.memory_location)
    monkeypatch.setenv("BROCA_MEMORY_URL" if memory == "postgres" else "BROCA_MEMORY_PATH", location)
    backup = tmp_path / "backup.jsonl"
    runner = CliRunner()
    exported = runner.invoke(cli, ["memory", "export", "--conversations", str(backup)])
    assert exported.exit_code == 0 and "and 1 conversations" in exported.output, exported.output
    lines = [json.loads(line) for line in backup.read_text().splitlines()]
    chats = [line["conversation"] for line in lines if "conversation" in line]
    assert len(chats) == 1 and chats[0]["name"] == "house" and chats[0]["client_key"] == owner
    assert [m["role"] for m in chats[0]["messages"]] == ["user", "assistant"] * 2
    assert alice not in backup.read_text()  # the key's identity, never the key
    without = runner.invoke(cli, ["memory", "export", "-"])
    assert '"conversation": {' not in without.stdout  # only on request: older brocas cannot read them

    # ... into another store (a SQLite file): the same name under the same key, its turns, its sources.
    monkeypatch.delenv("BROCA_MEMORY_URL", raising=False)
    monkeypatch.setenv("BROCA_MEMORY_PATH", str(tmp_path / "restored.db"))
    with open_store(tmp_path / "restored.db") as restored:
        restored.new_conversation("alice", "older")  # ids here differ from the export's
    imported = runner.invoke(cli, ["memory", "import", "--keep-trust", "--json", str(backup)])
    assert imported.exit_code == 0, imported.output
    assert json.loads(imported.stdout)["conversations"] == 1
    with open_store(tmp_path / "restored.db") as restored:
        found = restored.find_conversation("house", owner, "alice")
        assert found is not None and restored.find_conversation("house", "", "alice") is None
        assert [m["content"] for m in restored.messages(found, key=owner)][::2] == [
            "I keep the spare key under the blue pot.", "Thanks."]  # fmt: skip
        # The turn's memories name the conversation they came from by its id here, not in the export.
        sources = {m.source for m in restored.list(namespace="alice") if m.source.startswith("conversation:")}
        assert sources == {f"conversation:{found}"} and said["conversation_id"] == chats[0]["id"]
        before = restored.count()
    again = runner.invoke(cli, ["memory", "import", "--keep-trust", str(backup)])
    assert again.exit_code != 0 and "already has a conversation named 'house'" in again.output
    with open_store(tmp_path / "restored.db") as restored:
        assert restored.count() == before and len(restored.conversations("alice")) == 2  # nothing imported


def test_a_bad_conversation_in_an_import_imports_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    chat = {"name": "x", "messages": [{"role": "user", "content": "hi"}, {"role": "wizard", "content": "boo"}]}
    bad.write_text(json.dumps({"text": "A fine memory.", "kind": "note"}) + "\n" + json.dumps({"conversation": chat}))
    with open_store(tmp_path / "memory.db") as store:
        with pytest.raises(MemoryStoreError, match=r"bad.jsonl:2: messages\[1\]: unknown message role 'wizard'"):
            store.import_jsonl(bad)
        assert store.count() == 0 and store.conversations() == []


@pytest.mark.parametrize("memory", BACKENDS)
def test_two_stores_naming_a_new_conversation_make_one(memory: str, tmp_path: Path,
                                                       request: pytest.FixtureRequest) -> None:  # fmt: skip
    """Two workers behind one address share a store: the second to name a conversation joins the
    first's (PostgreSQL: the insert yields to the committed one) rather than failing or forking it."""
    location = request.getfixturevalue("postgres_url") if memory == "postgres" else tmp_path / "memory.db"
    with open_store(location) as one, open_store(location) as two:
        first, _, _ = one.add_turn(None, user="a", reply="b", namespace="n", name="plan", key="k:1")
        second, _, _ = two.add_turn(None, user="c", reply="d", namespace="n", name="plan", key="k:1")
        other, _, _ = two.add_turn(None, user="e", reply="f", namespace="n", name="plan", key="k:2")
        assert first == second != other
        assert [m["content"] for m in one.messages(first, key="k:1")] == ["a", "b", "c", "d"]
        assert one.find_conversation("plan", "k:2", "n") == other and one.find_conversation("plan", "", "n") is None


@pytest.mark.parametrize("target", BACKENDS)
def test_conversations_move_between_backends(target: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    source = request.getfixturevalue("postgres_url") if target == "sqlite" else tmp_path / "source.db"
    destination = request.getfixturevalue("postgres_url") if target == "postgres" else tmp_path / "target.db"
    backup = tmp_path / "chat.jsonl"
    with open_store(source) as store:
        store.add_turn(None, user="Book the ferry.", reply="Done.", namespace="n", name="trip", key="k:1")
        store.add_turn(None, user="Unnamed.", reply="Yes.", namespace="n")
        assert store.export_jsonl(backup, conversations=True) == 0 and store.exported_conversations == 2
    with open_store(destination) as store:
        assert store.import_jsonl(backup, namespace="m") == [] and store.imported_conversations == 2
        moved = store.find_conversation("trip", "k:1", "m")
        assert moved is not None and [m["content"] for m in store.messages(moved, key="k:1")] == [
            "Book the ferry.", "Done."]  # fmt: skip
        assert sorted(c["name"] or "" for c in store.conversations("m")) == ["", "trip"]
        with pytest.raises(MemoryStoreError, match="already has a conversation named 'trip'"):
            store.import_jsonl(backup, namespace="m")
        assert len(store.conversations("m")) == 2
