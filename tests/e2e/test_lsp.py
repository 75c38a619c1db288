"""End-to-end tests of `claimcheck lsp` through a real LSP client (pytest-lsp).

The server binary is $CLAIMCHECK_BIN, by default target/debug/claimcheck of this repository (build
it first with `cargo build`). Each test copies projects/contradiction/ — two claim files whose
2020 trade figures contradict each other — into a temporary directory and opens it as the
workspace.

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install -r tests/e2e/requirements.txt
    cargo build && /tmp/venv/bin/pytest tests/e2e/test_lsp.py -q
"""

import asyncio
import json
import os
import pathlib
import shutil
import subprocess
from urllib.parse import unquote, urlparse

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

REPO = pathlib.Path(__file__).resolve().parents[2]
FIXTURE = pathlib.Path(__file__).resolve().parent / "projects" / "contradiction"
BIN = str(REPO / os.environ.get("CLAIMCHECK_BIN", "target/debug/claimcheck"))  # relative: to the repo

if not os.path.isfile(BIN):
    pytest.fail(
        f"no claimcheck binary at {BIN}: run `cargo build`, or set CLAIMCHECK_BIN",
        pytrace=False,
    )

# Line numbers (0-based) in the fixture's claim files.
VALUE_LINE = 13  # value = "..." of trade-2020, in both files
POPULATION_ID_LINE = 18  # id = "population", in herald.toml
TIMEOUT = 30


@pytest.fixture
def project(tmp_path: pathlib.Path) -> pathlib.Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    return root


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[BIN, "lsp"]))
async def client(lsp_client: LanguageClient, project: pathlib.Path):
    await lsp_client.initialize_session(
        types.InitializeParams(
            # An editor that applies workspace edits with `documentChanges` and can create files
            # (as VS Code, Neovim and Helix do): the review actions create reviews.toml.
            capabilities=types.ClientCapabilities(
                workspace=types.WorkspaceClientCapabilities(
                    workspace_edit=types.WorkspaceEditClientCapabilities(
                        document_changes=True,
                        resource_operations=[types.ResourceOperationKind.Create],
                    )
                )
            ),
            root_uri=project.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=project.as_uri(), name="project")],
        )
    )
    yield
    await lsp_client.shutdown_session()


def path_of(uri: str) -> pathlib.Path:
    return pathlib.Path(unquote(urlparse(uri).path)).resolve()


def open_file(client: LanguageClient, path: pathlib.Path) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="toml", version=1, text=path.read_text(encoding="utf-8")
            )
        )
    )
    return uri


async def diagnostics_until(client: LanguageClient, uri: str, done, what: str):
    """Wait for published diagnostics of `uri` that satisfy `done`, and return them."""

    async def wait():
        while uri not in client.diagnostics or not done(client.diagnostics[uri]):
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        return client.diagnostics[uri]

    try:
        return await asyncio.wait_for(wait(), TIMEOUT)
    except asyncio.TimeoutError:
        pytest.fail(f"timed out waiting for {what}; diagnostics so far: {client.diagnostics}")


@pytest.mark.asyncio
async def test_contradiction_is_reported_and_cleared_by_an_edit(
    client: LanguageClient, project: pathlib.Path
):
    courier = project / "claims" / "courier.toml"
    uri = open_file(client, courier)

    found = await diagnostics_until(client, uri, lambda d: len(d) > 0, "the contradiction")
    [diagnostic] = [d for d in found if d.code == "conflicting-value"]
    assert diagnostic.source == "claimcheck"
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    assert "5.7 billion USD" in diagnostic.message and "help:" in diagnostic.message
    assert diagnostic.range.start == types.Position(line=VALUE_LINE, character=9)
    related = {path_of(r.location.uri): r for r in diagnostic.related_information or []}
    herald = (project / "claims" / "herald.toml").resolve()
    assert herald in related, related
    assert related[herald].location.range.start.line == VALUE_LINE
    assert "4.85 billion USD" in related[herald].message

    # Edit the value (and its quote) to agree with the other source: the diagnostic clears.
    text = courier.read_text(encoding="utf-8")
    fixed = text.replace('value = "$5.7 billion"', 'value = "4.85 billion USD"').replace(
        "Bilateral trade stood at $5.7 billion in 2020",
        "Arcadian statistics put it at 4.85 billion USD",
    )
    assert fixed != text
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)],
        )
    )
    await diagnostics_until(client, uri, lambda d: len(d) == 0, "the diagnostics to clear")
    assert all(len(d) == 0 for d in client.diagnostics.values()), client.diagnostics

    # Saving re-checks from disk plus buffers: still clean once the file is written.
    courier.write_text(fixed, encoding="utf-8")
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=VALUE_LINE, character=12),
        )
    )
    assert hover is not None and "4.85 billion USD" in hover.contents.value
    assert len(client.diagnostics[uri]) == 0


@pytest.mark.asyncio
async def test_hover_shows_every_source_for_the_key(client: LanguageClient, project: pathlib.Path):
    uri = open_file(client, project / "claims" / "herald.toml")
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=VALUE_LINE, character=3),
        )
    )
    assert hover is not None
    assert hover.contents.kind == types.MarkupKind.Markdown
    text = hover.contents.value
    assert "herald/trade-2020" in text
    assert "partner **Borduria**" in text
    # The other source's value, as written, in the table of claims with this key.
    assert "| `courier` (Bordurian Courier) | $5.7 billion | in 2020 | actual | no |" in text, text

    # Outside any claim: nothing.
    nothing = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=1, character=0),
        )
    )
    assert nothing is None


@pytest.mark.asyncio
async def test_code_actions_add_an_as_of_date_or_a_modality(
    client: LanguageClient, project: pathlib.Path
):
    herald = project / "claims" / "herald.toml"
    uri = open_file(client, herald)
    at = types.Position(line=POPULATION_ID_LINE, character=2)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=at, end=at),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    titles = [a.title for a in actions]
    assert any("as-of" in t for t in titles), titles
    assert "Mark as target" in titles and "Mark as forecast" in titles, titles

    as_of = next(a for a in actions if "as-of" in a.title)
    [edit] = as_of.edit.changes[uri]
    assert edit.new_text == 'as_of = "2021-11-29"\n'
    lines = herald.read_text(encoding="utf-8").split("\n")
    assert lines[edit.range.start.line - 1] == 'value = "about 98 million"'
    assert edit.range.start.character == 0 and edit.range.start == edit.range.end

    # Apply the edit as an editor would: the claim now has its own time scope.
    lines.insert(edit.range.start.line, edit.new_text.rstrip("\n"))
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text="\n".join(lines))],
        )
    )
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=at)
    )
    assert "as of November 29, 2021 |" in hover.contents.value, hover.contents.value
    again = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=at, end=at),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    assert [a.title for a in again] == ["Mark as target", "Mark as forecast"]

    # Clients may ask for some kinds only.
    quickfixes = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=at, end=at),
            context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.QuickFix]),
        )
    )
    assert not quickfixes


CANDIDATE_LINE = (
    'candidate = { confidence = "0.82", why = "property `population` from \\"people\\"" }\n'
)


def apply_edits(text: str, edits) -> str:
    """Apply text edits (ranges of the original text, ASCII lines) as an editor would."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(position: types.Position) -> int:
        return min(starts[min(position.line, len(lines))] + position.character, len(text))

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


@pytest.mark.asyncio
async def test_code_actions_accept_or_discard_a_candidate_claim(
    client: LanguageClient, project: pathlib.Path
):
    herald = project / "claims" / "herald.toml"
    reviewed = herald.read_text(encoding="utf-8")
    # The population claim (the file's last) as `claimcheck extract` leaves it: a candidate.
    text = reviewed + CANDIDATE_LINE
    herald.write_text(text, encoding="utf-8")
    uri = open_file(client, herald)

    async def actions_at(line: int):
        at = types.Position(line=line, character=2)
        return await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=types.Range(start=at, end=at),
                context=types.CodeActionContext(diagnostics=[]),
            )
        )

    # The reviewed trade claim: no candidate actions.
    titles = [a.title for a in await actions_at(VALUE_LINE)]
    assert not any("candidate" in t for t in titles), titles

    actions = await actions_at(POPULATION_ID_LINE)
    by_title = {a.title: a for a in actions}
    accept = by_title["Accept candidate claim `population`"]
    discard = by_title["Discard candidate claim `population`"]
    assert accept.kind == types.CodeActionKind.RefactorRewrite

    # Accepting deletes the `candidate` line; discarding, the claim's table to the end of the file.
    assert apply_edits(text, accept.edit.changes[uri]) == reviewed
    kept = reviewed[: reviewed.index('[[claim]]\nid = "population"')]
    assert apply_edits(text, discard.edit.changes[uri]) == kept

    # The hover shows what the extractor wrote.
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=POPULATION_ID_LINE, character=2),
        )
    )
    assert "confidence **0.82**" in hover.contents.value, hover.contents.value
    assert 'why: property `population` from "people"' in hover.contents.value

    # Once accepted, the claim is reviewed: no candidate actions, no candidate in the hover.
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangeWholeDocument(
                    text=apply_edits(text, accept.edit.changes[uri])
                )
            ],
        )
    )
    titles = [a.title for a in await actions_at(POPULATION_ID_LINE)]
    assert not any("candidate" in t for t in titles), titles
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=POPULATION_ID_LINE, character=2),
        )
    )
    assert "**candidate**" not in hover.contents.value


@pytest.mark.asyncio
async def test_a_false_alarm_is_recorded_in_reviews_toml(client: LanguageClient, project: pathlib.Path):
    courier = project / "claims" / "courier.toml"
    uri = open_file(client, courier)
    [conflict] = await diagnostics_until(client, uri, lambda d: len(d) > 0, "the contradiction")
    at = types.Position(line=VALUE_LINE, character=12)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=at, end=at),
            context=types.CodeActionContext(diagnostics=[conflict]),
        )
    )
    titles = [a.title for a in actions]
    # The review actions come first; no "Mark as forecast" on a real contradiction.
    assert titles == [
        "Record as false alarm in reviews.toml",
        "Confirm in reviews.toml",
        "Confirm: courier/trade-2020 is right",
        "Confirm: herald/trade-2020 is right",
    ], titles
    false_alarm = actions[0]
    assert false_alarm.kind == types.CodeActionKind.QuickFix

    # The edit creates reviews.toml at the project root, then writes the entry into it.
    reviews = (project / "reviews.toml").resolve()
    create, edit = false_alarm.edit.document_changes
    assert create.kind == "create" and path_of(create.uri) == reviews
    assert path_of(edit.text_document.uri) == reviews
    [insert] = edit.edits
    fingerprint = conflict.data["fingerprint"]
    assert f'fingerprint = "{fingerprint}"' in insert.new_text
    assert 'verdict = "false-alarm"' in insert.new_text
    assert 'reason = "TODO: say why"' in insert.new_text

    # Applied as is, the entry does nothing until the reason is written: the contradiction stays
    # an error, and reviews.toml says "write the reason".
    reviews.write_text(insert.new_text, encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=reviews.as_uri(), type=types.FileChangeType.Created)]
        )
    )
    waiting = await diagnostics_until(
        client, reviews.as_uri(), lambda d: len(d) > 0, "the placeholder reason to be refused"
    )
    assert any("write the reason" in d.message for d in waiting), waiting
    assert client.diagnostics[uri][0].severity == types.DiagnosticSeverity.Error

    # With a reason, the finding is reviewed: a hint, saying so.
    reviews.write_text(
        insert.new_text.replace("TODO: say why", "the Courier counts re-exports"), encoding="utf-8"
    )
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=reviews.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    [hint] = await diagnostics_until(
        client,
        uri,
        lambda d: len(d) == 1 and d[0].severity == types.DiagnosticSeverity.Hint,
        "the reviewed finding to become a hint",
    )
    assert "(reviewed: false-alarm — the Courier counts re-exports)" in hint.message


def frame(payload) -> bytes:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def read_frames(data: bytes) -> list:
    messages = []
    while data:
        header, _, rest = data.partition(b"\r\n\r\n")
        length = int(header.split(b":")[1])
        messages.append(json.loads(rest[:length]))
        data = rest[length:]
    return messages


def test_malformed_input_gets_errors_not_a_crash(project: pathlib.Path):
    """Raw frames, as a buggy client might send them: each bad one gets its JSON-RPC error."""
    inputs = b"".join(
        [
            frame(b"{not json"),
            b"garbage line\r\n",
            frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"rootUri": project.as_uri(), "capabilities": {}}}),
            frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
            frame({"jsonrpc": "2.0", "id": 2, "method": "textDocument/definition", "params": {}}),
            frame({"jsonrpc": "2.0", "id": 3, "method": "textDocument/hover", "params": {"textDocument": 7}}),
            frame({"jsonrpc": "2.0", "id": 4, "method": 12}),
            frame({"jsonrpc": "2.0", "id": 5, "method": "shutdown"}),
            frame({"jsonrpc": "2.0", "method": "exit"}),
        ]
    )
    done = subprocess.run([BIN, "lsp"], input=inputs, capture_output=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr.decode()
    replies = read_frames(done.stdout)
    by_id = {json.dumps(m.get("id")): m for m in replies if "id" in m}
    assert by_id["null"]["error"]["code"] == -32700
    assert by_id["1"]["result"]["capabilities"]["positionEncoding"] == "utf-16"
    assert by_id["2"]["error"]["code"] == -32601
    assert by_id["3"]["error"]["code"] == -32602
    assert by_id["4"]["error"]["code"] == -32600
    assert by_id["5"]["result"] is None
