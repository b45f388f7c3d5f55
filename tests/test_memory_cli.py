"""`broca memory ...` through click, with the real embedder and a real memory file in the data dir."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from assistant.cli import cli


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The memory of the commands: the SQLite file in the data dir, or (memory.url) a PostgreSQL database."""
    if request.param == "postgres":
        monkeypatch.setenv("BROCA_MEMORY_URL", request.getfixturevalue("postgres_url"))
    return str(request.param)


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["memory", *args], input=input, catch_exceptions=False)


def test_add_search_list_forget(isolated_env: Path, backend: str) -> None:
    assert run("add", "My dentist appointment is on Tuesday at 3pm", "--kind", "fact").output.strip() == "1"
    added = json.loads(run("add", "--kind", "preference", "--json", input="I prefer green tea\n").output)
    assert added["id"] == 2 and added["text"] == "I prefer green tea" and added["kind"] == "preference"
    run("add", "Click here to verify your dentist account", "--trust", "untrusted", "--source", "mail")
    assert (isolated_env / "data" / "memory.db").exists() == (backend == "sqlite")

    result = run("search", "when is my dentist appointment?", "--json", "-k", "5")
    hits = json.loads(result.output)
    assert hits[0]["id"] == 1 and hits[0]["text"].startswith("My dentist")
    assert {"score", "similarity", "vector_rank", "keyword_rank", "recency", "importance"} <= set(hits[0])
    assert {h["id"] for h in hits} == {1, 2, 3}
    owner = json.loads(run("search", "dentist", "--min-trust", "owner", "--json").output)
    assert 3 not in {h["id"] for h in owner}
    text = run("search", "dentist appointment", "-k", "1").output
    assert "My dentist appointment" in text and "sim " in text

    listed = json.loads(run("list", "--json").output)
    assert [m["id"] for m in listed] == [3, 2, 1]
    assert [m["id"] for m in json.loads(run("list", "--kind", "fact", "--json").output)] == [1]

    dry = json.loads(run("forget", "--query", "green tea preference", "--dry-run", "--json").output)
    assert dry["dry_run"] and [m["id"] for m in dry["forgotten"]] == [2]
    assert "forgot 1 memory" in run("forget", "2").output
    assert [m["id"] for m in json.loads(run("list", "--json").output)] == [3, 1]


def test_export_import_stats_consolidate(tmp_path: Path, backend: str) -> None:
    run("add", "My sister's name is Anna.", "--kind", "fact")
    run("add", "my sister's name is Anna", "--kind", "fact", "--importance", "0.9")
    run("add", "I live in Porto", "--kind", "fact")
    plan = json.loads(run("consolidate", "--json").output)
    assert plan == {"dry_run": False, "merges": [{"kept": 2, "merged": [1]}]}
    exported = run("export").output
    assert len(exported.splitlines()) == 3
    path = tmp_path / "mem.jsonl"
    assert run("export", str(path)).exit_code == 0 and path.read_text() == exported

    imported = json.loads(run("import", str(path), "--namespace", "guest", "--json").output)
    assert imported["imported"] == 3
    guest = json.loads(run("list", "--namespace", "guest", "--all", "--json").output)
    assert {m["trust"] for m in guest} == {"untrusted"}
    assert run("import", str(path), "--keep-trust", "--namespace", "restored").exit_code == 0
    restored = json.loads(run("list", "--namespace", "restored", "--json").output)
    assert {m["trust"] for m in restored} == {"owner"}

    stats = json.loads(run("stats", "--json").output)
    assert stats["memories"] == 9 and stats["merged"] == 3 and stats["by_namespace"]["guest"] == 3
    assert stats["embedder"]["model"] == "multilingual-e5-small" and stats["schema"][0] == "0001_memories"
    assert "memories: 9" in run("stats").output
    assert json.loads(run("reindex", "--json").output)["reindexed"] == 9
    assert json.loads(run("search", "where do I live", "-k", "1", "--json").output)[0]["text"] == "I live in Porto"


def test_user_mistakes_are_one_line_errors(isolated_env: Path, tmp_path: Path) -> None:
    result = run("forget", "42")
    assert result.exit_code == 65 and result.output.strip() == "error: no memory with id 42"
    result = run("forget")
    assert result.exit_code != 0 and "error: give either memory ids or --query" in result.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\nnot json\n')
    result = run("import", str(bad))
    assert result.exit_code == 65 and result.output.startswith("error: ") and "bad.jsonl:2" in result.output
    assert json.loads(run("stats", "--json").output)["memories"] == 0
    assert run("add", "x", "--kind", "gossip").exit_code == 2  # click's own usage error

    db = isolated_env / "data" / "memory.db"
    db.write_bytes(b"my shopping list, not a database\n")
    result = run("list")
    assert result.exit_code == 65 and result.output.count("\n") == 1 and "not a SQLite database" in result.output
    assert db.read_bytes() == b"my shopping list, not a database\n"


def test_text_that_is_not_utf8_is_stored_with_replacement_characters(tmp_path: Path, backend: str) -> None:
    # Bytes that are not UTF-8 in argv reach Python as surrogate escapes, and JSON can spell a lone
    # surrogate; neither may reach SQLite or the tokenizer (it was a TypeError traceback).
    added = run("add", "caf\udce9 on Main Street", "--namespace", "n\udcff", "--json")
    assert added.exit_code == 0, added.output
    assert json.loads(added.output)["text"] == "caf\ufffd on Main Street"
    assert json.loads(added.output)["namespace"] == "n\ufffd"
    hits = json.loads(run("search", "caf\udce9", "--namespace", "n\udcff", "--json").output)
    assert [h["text"] for h in hits] == ["caf\ufffd on Main Street"]
    assert [m["id"] for m in json.loads(run("list", "--namespace", "n\udcff", "--json").output)] == [1]
    source = tmp_path / "lone.jsonl"
    source.write_text('{"text": "half an emoji \\ud83d here"}\n')
    assert run("import", str(source)).exit_code == 0
    listed = json.loads(run("list", "--json").output)
    assert [m["text"] for m in listed] == ["half an emoji \ufffd here"]


def test_an_empty_memory_is_refused_without_a_record_number(tmp_path: Path, backend: str) -> None:
    # One memory said "memory #0: a memory needs a non-empty text": a number that points to nothing.
    for args, stdin in [(["add", ""], None), (["add", "  "], None), (["add"], "\n")]:
        result = run(*args, input=stdin)
        assert (result.exit_code, result.stdout) == (65, "")
        assert result.stderr == "error: a memory needs a non-empty text\n"
    bad = tmp_path / "bad.jsonl"  # an import still names the record: there it points to a line
    bad.write_text('{"text": "fine"}\n{"text": ""}\n')
    assert run("import", str(bad)).stderr == f"error: {bad}:2: a memory needs a non-empty text\n"


def test_an_empty_namespace_is_refused_not_read_as_the_default(tmp_path: Path, backend: str) -> None:
    # `--namespace ""` silently meant the configured namespace.
    export = tmp_path / "e.jsonl"
    export.write_text('{"text": "fine"}\n')
    for args in (["add", "x", "-n", ""], ["list", "-n", " "], ["search", "x", "-n", ""], ["export", "-n", ""],
                 ["import", str(export), "-n", ""]):  # fmt: skip
        result = run(*args)
        assert (result.exit_code, result.stdout) == (2, ""), args
        assert result.stderr.splitlines()[-1].endswith("a namespace cannot be empty"), result.stderr
    assert json.loads(run("list", "--json").stdout) == []  # nothing was added or imported


def test_a_data_dir_that_cannot_be_made_is_one_line(isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = isolated_env / "not-a-folder"
    blocker.write_text("my notes\n")
    monkeypatch.setenv("BROCA_DATA_DIR", str(blocker))
    result = run("list")
    assert result.exit_code == 65
    assert result.output == f"error: {blocker}: cannot create the memory folder: a file is in the way\n"
    assert blocker.read_text() == "my notes\n"


def test_numbers_past_sqlites_integers_are_not_a_traceback(tmp_path: Path, backend: str) -> None:
    huge = str(10**23)  # SQLite integers stop at 2**63 - 1: sqlite3 raised OverflowError
    run("add", "Cats sleep most of the day")
    result = run("forget", huge)
    assert result.exit_code == 65 and result.output == f"error: no memory with id {huge}\n"
    assert [m["id"] for m in json.loads(run("list", "--limit", huge, "--json").output)] == [1]
    assert [h["id"] for h in json.loads(run("search", "cats", "-k", huge, "--json").output)] == [1]
    dry = json.loads(
        run("forget", "-q", "cats", "--min-similarity", "0", "--limit", huge, "--dry-run", "--json").output
    )
    assert [m["id"] for m in dry["forgotten"]] == [1]
    source = tmp_path / "ids.jsonl"
    source.write_text(f'{{"text": "a", "id": {huge}}}\n{{"text": "b", "id": {2**63 - 1}}}\n{{"text": "c", "id": 5}}\n')
    imported = json.loads(run("import", str(source), "--json").output)
    assert imported["ids"][2] == 5 and all(0 < i < 2**63 for i in imported["ids"])
    assert len(set(imported["ids"])) == 3


def test_export_to_a_place_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    run("add", "I live in Porto")
    blocker = tmp_path / "notes.txt"
    blocker.write_text("mine\n")
    result = run("export", str(blocker / "backup.jsonl"))
    assert result.exit_code == 65
    assert result.output == f"error: {blocker / 'backup.jsonl'}: cannot write: a file is in the way\n"
    assert blocker.read_text() == "mine\n"


def test_inputs_are_read_only_up_to_their_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `memory add < /dev/zero` and `memory import /dev/zero` read to the end: memory ran out.
    monkeypatch.setattr("memory.cli.MAX_TEXT_BYTES", 1000)  # the real limit is 1 MiB
    result = run("add", input="x" * 5000)
    assert (result.exit_code, result.stdout) == (65, "")
    assert result.stderr == "error: standard input: too large: over the 1,000-byte limit for a memory\n"
    monkeypatch.setattr("memory._transfer.IMPORT_LINE_BYTES", 1000)  # the real limits are 4 MiB and 2 GiB
    monkeypatch.setattr("memory._transfer.IMPORT_BYTES", 3000)
    result = run("import", "/dev/zero")
    assert (result.exit_code, result.stdout) == (65, "")
    limit = "over the 1,000-byte limit for one record of a memory import"
    assert result.stderr == f"error: /dev/zero:1: too large: {limit}\n"
    many = tmp_path / "many.jsonl"
    many.write_text('{"text": "a short note"}\n' * 200)  # every line is short; the whole is not
    result = run("import", str(many))
    assert (result.exit_code, result.stdout) == (65, "")
    assert result.stderr == f"error: {many}: too large: over the 3,000-byte limit for a memory import\n"
    result = run("import", "-", input='{"text": "a short note"}\n' * 200)
    assert result.stderr == "error: standard input: too large: over the 3,000-byte limit for a memory import\n"
    result = run("import", str(tmp_path / "missing.jsonl"))
    assert result.exit_code == 66  # EX_NOINPUT: an input that cannot be opened, as in every command
    assert result.stderr == f"error: {tmp_path / 'missing.jsonl'}: cannot read: No such file or directory\n"
    assert json.loads(run("stats", "--json").output)["memories"] == 0


def test_import_from_a_closed_standard_input_is_one_line(broca_stdin_closed: Any) -> None:
    # `broca memory import - <&-`: Python's sys.stdin is None (it was an AttributeError traceback).
    done = broca_stdin_closed("memory", "import", "-")
    assert done.returncode == 66 and done.stderr == "error: -: standard input is closed\n"


def test_text_output_escapes_control_characters_of_untrusted_memories(tmp_path: Path, backend: str) -> None:
    # An imported memory is untrusted: printed raw, its escape sequences retitled the terminal or
    # cleared the screen, and a newline split one record over two lines. --json keeps the text as is.
    text = "line one\nline two \x1b]0;pwned\x07 \x1b[2J cleared"
    source = tmp_path / "hostile.jsonl"
    source.write_text(json.dumps({"text": text}) + "\n")
    assert run("import", str(source)).exit_code == 0
    shown = "line one\\nline two \\x1b]0;pwned\\x07 \\x1b[2J cleared"
    listed = run("list").output
    assert listed.count("\n") == 1 and listed.rstrip("\n").endswith(shown) and "\x1b" not in listed
    found = run("search", "line two").output
    assert shown in found and "\x1b" not in found and "\x07" not in found
    assert json.loads(run("list", "--json").output)[0]["text"] == text


def test_a_read_only_memory_file_is_one_line_and_still_searchable(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `memory add` on a read-only file was an OperationalError traceback, and so was `memory search`
    # (it records the recall). The file is made read-only; root ignores that, so for root SQLite is
    # told to open it read-only, as it does for a user without write permission.
    import sqlite_vec

    from memory import sqlite as memory_sqlite

    run("add", "I live in Porto")
    db = isolated_env / "data" / "memory.db"
    db.chmod(0o444)

    def read_only(path: Path | str, *, timeout: float = 30.0) -> Any:
        conn = memory_sqlite._module().connect(f"file:{path}?mode=ro", uri=True, timeout=timeout)
        conn.enable_load_extension(True)
        sqlite_vec.load(conn)
        return conn

    if os.access(db, os.W_OK):
        monkeypatch.setattr("memory._sqlite_file.connect", read_only)
    before = db.read_bytes()
    for args in (["add", "I moved to Lisbon"], ["forget", "1"], ["import", "-"]):
        result = run(*args, input='{"text": "x"}\n')
        assert (result.exit_code, result.stdout) == (65, "")
        assert result.stderr == f"error: {db}: the memory file is read-only; nothing was changed\n"
    found = run("search", "where do I live", "--json")
    assert found.exit_code == 0 and [h["text"] for h in json.loads(found.stdout)] == ["I live in Porto"]
    assert db.read_bytes() == before


def test_deeply_nested_json_in_an_import_is_one_line(tmp_path: Path, backend: str) -> None:
    # json.loads of `[[[[...]]]]` raises RecursionError, which escaped as a traceback.
    source = tmp_path / "deep.jsonl"
    source.write_text('{"text": "fine"}\n' + "[" * 100_000 + "]" * 100_000 + "\n")
    result = run("import", str(source))
    assert (result.exit_code, result.stdout) == (65, "")
    assert result.stderr == f"error: {source}:2: not a memory record (JSON nested too deeply)\n"
    assert json.loads(run("stats", "--json").output)["memories"] == 0


def test_an_import_that_begins_with_a_byte_order_mark_is_read(tmp_path: Path, backend: str) -> None:
    # Notepad writes one first: the import failed with "not JSON (Unexpected UTF-8 BOM)".
    source = tmp_path / "notes.jsonl"
    source.write_bytes(b'\xef\xbb\xbf{"text": "The spare key is under the blue pot"}\n')
    result = run("import", str(source))
    assert result.exit_code == 0, result.output
    assert json.loads(run("stats", "--json").output)["memories"] == 1


def test_import_of_a_folder_exits_66(tmp_path: Path) -> None:
    # docs/ask.md: an input that cannot be opened (missing, a folder, ...) exits 66; click's dir_okay
    # check made a folder a usage error (exit 2, three lines).
    result = run("import", str(tmp_path))
    assert result.exit_code == 66 and result.stderr == f"error: {tmp_path}: is a folder, not a file\n"


def test_add_reads_dash_as_standard_input(isolated_env: Path, backend: str) -> None:
    # `-` was stored as the memory "-" (as `broca ask -` once asked the question "-").
    added = json.loads(run("add", "--json", "-", input="I prefer green tea\n").output)
    assert added["text"] == "I prefer green tea"


@pytest.mark.parametrize("args", [["add"], ["add", "-"]])
def test_add_with_standard_input_closed_exits_66(args: list[str], broca_stdin_closed: Any) -> None:
    # `broca memory add <&-` was 65 ("no text"), and `broca memory add - <&-` remembered "-".
    done = broca_stdin_closed("memory", *args)
    assert done.returncode == 66 and done.stderr == "error: -: standard input is closed\n"


def test_a_memory_file_locked_by_another_process_is_one_line_to_try_again(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another process in a long write (an import, a SQLite shell in a transaction) held the lock: at
    # open it was "cannot open the memory file: database is locked", exit 65 as if the file were
    # damaged; in a write of a store already open it was sqlite3.OperationalError itself (a traceback
    # from the CLI, "OperationalError: database is locked" in the chat). SQLite's busy timeout is cut
    # from 30 s to 0.2 s, else the test waits it out twice.
    import functools
    import subprocess
    import sys

    from memory import Store
    from memory import sqlite as memory_sqlite
    from memory.base.errors import BusyError

    run("add", "I live in Porto")
    db = isolated_env / "data" / "memory.db"
    monkeypatch.setattr("memory._sqlite_file.connect", functools.partial(memory_sqlite.connect, timeout=0.2))
    store = Store(db)  # opened before the lock is taken, as a running chat has it
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None);"
         " c.execute('begin exclusive'); print('locked', flush=True); sys.stdin.read()", str(db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        with pytest.raises(BusyError, match="locked by another process"):
            store.add("I moved to Lisbon", kind="fact", trust="owner")
        result = run("add", "I moved to Lisbon")
        assert (result.exit_code, result.stdout) == (75, "")
        assert (
            result.stderr
            == f"error: {db}: the memory file is locked by another process; nothing was changed: try again\n"
        )
    finally:
        holder.communicate("")
    store.add("I moved to Lisbon", kind="fact", trust="owner")  # the lock gone, the same write works
    assert [m.text for m in store.list()] == ["I moved to Lisbon", "I live in Porto"]
    store.close()


def test_a_store_moves_between_sqlite_and_postgres_by_export_and_import(
    tmp_path: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("add", "I live in Porto", "--kind", "fact")
    run("add", "Call the plumber on Friday", "--kind", "note", "--namespace", "home")
    run("add", "A newsletter says rates will fall", "--trust", "untrusted", "--source", "mail")
    backup = tmp_path / "sqlite.jsonl"
    assert run("export", str(backup), "--vectors").exit_code == 0

    monkeypatch.setenv("BROCA_MEMORY_URL", postgres_url)
    imported = json.loads(run("import", str(backup), "--keep-trust", "--json").output)
    assert imported["imported"] == 3
    moved = [json.loads(line) for line in run("export").output.splitlines()]
    original = [{k: v for k, v in json.loads(line).items() if not k.startswith("embedding")}
                for line in backup.read_text().splitlines()]  # fmt: skip
    assert moved == original  # ids, trust, namespaces, times: the same records
    hits = json.loads(run("search", "where do I live?", "--json", "-k", "1").output)
    assert hits[0]["text"] == "I live in Porto"
