"""End-to-end tests of `cxlint lsp`, driven as an editor drives it (pytest-lsp).

Run with: CXLINT=target/debug/cxlint python -m pytest tests/lsp (scripts/lsp-gates.sh
installs what it needs and runs them in CI)."""

import asyncio
import os
import pathlib
import shutil
import tempfile

import pytest
import pytest_lsp
from lsprotocol import types as t
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

CXLINT = os.environ.get("CXLINT", "target/debug/cxlint")
ROOT = pathlib.Path(__file__).resolve().parents[2]
WORK = pathlib.Path(tempfile.mkdtemp(prefix="cxlint-lsp-"))

PLAN = """programme "Editor" {
  currency = USD
  unit "Company" { facing = back  customer_duty = "Keeps promises" }
  unit "Care 客服" { parent = "Company"  facing = front }
  include "parts/pay.cxp"
}
"""
PAY = """pay_plan "Quota" {
  applies_to = "Care 客服"
  metric "Bookings" { type = revenue  weight = 100% }
}
"""


def setup_module():
    (WORK / ".git").mkdir(exist_ok=True)
    (WORK / "parts").mkdir(exist_ok=True)
    (WORK / "main.cxp").write_text(PLAN)
    (WORK / "parts" / "pay.cxp").write_text(PAY)


def teardown_module():
    shutil.rmtree(WORK, ignore_errors=True)


def uri(name):
    return (WORK / name).as_uri()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[CXLINT, "lsp"]))
async def client(lsp_client: LanguageClient):
    # The server asks to watch configuration files; the test client agrees.
    @lsp_client.feature(t.CLIENT_REGISTER_CAPABILITY)
    def register(params):
        return None

    await lsp_client.initialize_session(
        t.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=WORK.as_uri(),
        )
    )
    yield
    await lsp_client.shutdown_session()


def open_doc(client, name, text, version=1):
    client.text_document_did_open(
        t.DidOpenTextDocumentParams(
            text_document=t.TextDocumentItem(uri=uri(name), language_id="cxp", version=version, text=text)
        )
    )


def at(text, needle, after=0):
    """The protocol position of `needle` (plus `after` characters) in `text`."""
    i = text.index(needle) + after
    line = text.count("\n", 0, i)
    col = i - (text.rfind("\n", 0, i) + 1)
    # UTF-16 columns: count the characters before it in UTF-16 code units.
    start = text.rfind("\n", 0, i) + 1
    col = len(text[start:i].encode("utf-16-le")) // 2
    return t.Position(line=line, character=col)


async def diagnostics_of(client, name):
    await client.wait_for_notification(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics.get(uri(name), [])


async def diagnostics_when(client, name, holds, what):
    """The diagnostics of `name` once `holds` is true of them (waiting for the server to
    publish); fails after 15 s saying `what` was expected. A publication that arrived
    before the wait began is not missed: the current diagnostics are looked at first."""
    deadline = asyncio.get_running_loop().time() + 15
    while True:
        if uri(name) in client.diagnostics:
            found = client.diagnostics[uri(name)]
            if holds(found):
                return found
        left = deadline - asyncio.get_running_loop().time()
        assert left > 0, f"{name}: expected {what}, have {[(d.code, d.severity) for d in client.diagnostics.get(uri(name), [])]}"
        try:
            await asyncio.wait_for(client.wait_for_notification(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), min(left, 1.0))
        except asyncio.TimeoutError:
            pass


def codes(found):
    return {d.code for d in found}


def severities(found, code):
    return {d.severity for d in found if d.code == code}


def changed_on_disk(client, *paths):
    """What an editor's file watcher reports after files change on disk."""
    client.workspace_did_change_watched_files(
        t.DidChangeWatchedFilesParams(
            changes=[t.FileEvent(uri=p.as_uri(), type=t.FileChangeType.Changed) for p in paths]
        )
    )


@pytest.mark.asyncio
async def test_diagnostics_on_open_and_change(client: LanguageClient):
    open_doc(client, "main.cxp", PLAN)
    found = await diagnostics_of(client, "main.cxp")
    codes = {d.code for d in found}
    assert "CM01" in codes, codes
    # A typo: an E004 with the position of the word, as the user types.
    broken = PLAN.replace("facing = front", "facing = frnt")
    client.text_document_did_change(
        t.DidChangeTextDocumentParams(
            text_document=t.VersionedTextDocumentIdentifier(uri=uri("main.cxp"), version=2),
            content_changes=[t.TextDocumentContentChangeWholeDocument(text=broken)],
        )
    )
    found = await diagnostics_of(client, "main.cxp")
    e004 = [d for d in found if d.code == "E004"]
    assert e004, [d.code for d in found]
    assert e004[0].range.start == at(broken, "facing = frnt"), e004[0].range
    assert e004[0].range.end == at(broken, "frnt", 4), e004[0].range


@pytest.mark.asyncio
async def test_a_fragment_is_linted_through_its_root(client: LanguageClient):
    open_doc(client, "parts/pay.cxp", PAY)
    found = await diagnostics_of(client, "parts/pay.cxp")
    codes = {d.code for d in found}
    assert "FM06" in codes and "E013" not in codes, codes


@pytest.mark.asyncio
async def test_hover_completion_definition_references(client: LanguageClient):
    open_doc(client, "main.cxp", PLAN)
    await client.wait_for_notification(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    doc = t.TextDocumentIdentifier(uri=uri("main.cxp"))
    hover = await client.text_document_hover_async(t.HoverParams(text_document=doc, position=at(PLAN, "facing", 2)))
    assert "facing" in hover.contents.value
    done = await client.text_document_completion_async(
        t.CompletionParams(text_document=doc, position=at(PLAN, "facing = front", len("facing = ")))
    )
    labels = [i.label for i in (done.items if hasattr(done, "items") else done)]
    assert "front" in labels and "back" in labels, labels
    # From the reference in the fragment to the unit in the root, across files, with a
    # Chinese label (UTF-16 columns).
    open_doc(client, "parts/pay.cxp", PAY)
    await client.wait_for_notification(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    pay = t.TextDocumentIdentifier(uri=uri("parts/pay.cxp"))
    where = await client.text_document_definition_async(
        t.DefinitionParams(text_document=pay, position=at(PAY, "Care", 1))
    )
    assert where and where[0].uri == uri("main.cxp"), where
    assert where[0].range.start == at(PLAN, "Care 客服"), where[0].range
    assert where[0].range.end == at(PLAN, "Care 客服", len("Care 客服")), where[0].range
    refs = await client.text_document_references_async(
        t.ReferenceParams(
            text_document=doc,
            position=at(PLAN, "Care", 1),
            context=t.ReferenceContext(include_declaration=True),
        )
    )
    assert {r.uri for r in refs} == {uri("main.cxp"), uri("parts/pay.cxp")}, refs


@pytest.mark.asyncio
async def test_rename_symbols_formatting_and_allow(client: LanguageClient):
    open_doc(client, "main.cxp", PLAN)
    found = await diagnostics_of(client, "main.cxp")
    doc = t.TextDocumentIdentifier(uri=uri("main.cxp"))
    edit = await client.text_document_rename_async(
        t.RenameParams(text_document=doc, position=at(PLAN, "Company", 1), new_name="Group")
    )
    assert len(edit.changes[uri("main.cxp")]) == 2, edit.changes
    symbols = await client.text_document_document_symbol_async(t.DocumentSymbolParams(text_document=doc))
    assert symbols[0].name == 'programme "Editor"'
    assert any(c.name == 'unit "Company"' for c in symbols[0].children)
    messy = PLAN.replace("  currency = USD", "currency   =    USD")
    client.text_document_did_change(
        t.DidChangeTextDocumentParams(
            text_document=t.VersionedTextDocumentIdentifier(uri=uri("main.cxp"), version=3),
            content_changes=[t.TextDocumentContentChangeWholeDocument(text=messy)],
        )
    )
    edits = await client.text_document_formatting_async(
        t.DocumentFormattingParams(text_document=doc, options=t.FormattingOptions(tab_size=2, insert_spaces=True))
    )
    assert edits and "  currency = USD" in edits[0].new_text
    rule = [d for d in found if d.code == "CM01"]
    actions = await client.text_document_code_action_async(
        t.CodeActionParams(
            text_document=doc,
            range=rule[0].range,
            context=t.CodeActionContext(diagnostics=rule),
        )
    )
    inserted = actions[0].edit.changes[uri("main.cxp")][0].new_text
    assert inserted == "# cxlint: allow CM01 -- \n", inserted


@pytest.mark.asyncio
async def test_a_fix_is_offered_as_a_preferred_quick_fix(client: LanguageClient):
    broken = PLAN.replace("facing = front", "facing = frnt")
    open_doc(client, "main.cxp", broken)
    found = await diagnostics_of(client, "main.cxp")
    e004 = [d for d in found if d.code == "E004"]
    assert e004, [d.code for d in found]
    doc = t.TextDocumentIdentifier(uri=uri("main.cxp"))
    actions = await client.text_document_code_action_async(
        t.CodeActionParams(text_document=doc, range=e004[0].range, context=t.CodeActionContext(diagnostics=e004))
    )
    fixes = [a for a in actions if a.is_preferred]
    assert len(fixes) == 1, [a.title for a in actions]
    assert fixes[0].kind == t.CodeActionKind.QuickFix
    assert "front" in fixes[0].title, fixes[0].title
    edit = fixes[0].edit.changes[uri("main.cxp")][0]
    assert edit.new_text == "front"
    assert edit.range.start == at(broken, "frnt") and edit.range.end == at(broken, "frnt", 4), edit.range


@pytest.mark.asyncio
async def test_half_typed_text_and_a_burst_of_edits(client: LanguageClient):
    open_doc(client, "main.cxp", PLAN)
    await client.wait_for_notification(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    doc = t.TextDocumentIdentifier(uri=uri("main.cxp"))
    text = PLAN
    for version in range(2, 202):
        text = PLAN[: (version * 7) % len(PLAN)]
        client.text_document_did_change(
            t.DidChangeTextDocumentParams(
                text_document=t.VersionedTextDocumentIdentifier(uri=uri("main.cxp"), version=version),
                content_changes=[t.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
    # Requests on half-typed text are answered, not crashed on.
    end = t.Position(line=text.count("\n"), character=len(text) - (text.rfind("\n") + 1))
    await client.text_document_hover_async(t.HoverParams(text_document=doc, position=end))
    await client.text_document_completion_async(t.CompletionParams(text_document=doc, position=end))
    found = await diagnostics_of(client, "main.cxp")
    assert any(d.code == "E001" for d in found), [d.code for d in found]


@pytest.mark.asyncio
async def test_a_changed_configuration_is_applied_to_open_plans(client: LanguageClient):
    # A folder with its own cxlint.yaml; the plan is the main one without its include.
    folder = WORK / "configured"
    folder.mkdir(exist_ok=True)
    config = folder / "cxlint.yaml"
    config.write_text("fail_on: error\n")
    plan = PLAN.replace('  include "parts/pay.cxp"\n', "")
    name = "configured/plan.cxp"
    open_doc(client, name, plan)
    await diagnostics_when(client, name, lambda f: "CM01" in codes(f), "CM01")

    # The rule is turned off on disk; the editor's file watcher tells the server.
    config.write_text("fail_on: error\nrules:\n  CM01: off\n")
    changed_on_disk(client, config)
    await diagnostics_when(client, name, lambda f: "CM01" not in codes(f), "no CM01")

    # Turned back on as an error, and the file saved in the editor (no watcher this time).
    config.write_text("fail_on: error\nrules:\n  CM01: error\n")
    client.text_document_did_save(
        t.DidSaveTextDocumentParams(text_document=t.TextDocumentIdentifier(uri=config.as_uri()))
    )
    error = {t.DiagnosticSeverity.Error}
    await diagnostics_when(client, name, lambda f: severities(f, "CM01") == error, "CM01 as an error")

    # A broken configuration is said, not crashed on; fixing it brings the findings back.
    config.write_text("rules:\n  CM01: loud\n")
    changed_on_disk(client, config)
    message = await asyncio.wait_for(client.wait_for_notification(t.WINDOW_SHOW_MESSAGE), 15)
    assert "CM01" in message.message, message
    config.write_text("rules:\n  CM01: info\n")
    changed_on_disk(client, config)
    info = {t.DiagnosticSeverity.Information}
    await diagnostics_when(client, name, lambda f: severities(f, "CM01") == info, "CM01 as info")


@pytest.mark.asyncio
async def test_a_changed_rule_pack_or_included_file_is_applied(client: LanguageClient):
    folder = WORK / "packed"
    (folder / "packs").mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "tests" / "packs" / "hiring", folder / "packs" / "hiring", dirs_exist_ok=True)
    rule = next((folder / "packs" / "hiring").glob("HR01-*.yaml"))
    config = folder / "cxlint.yaml"
    config.write_text("fail_on: error\n")
    staff = folder / "staff.cxp"
    profile = 'hiring "{0} staff" {{\n  unit = "{0}"\n  criteria = [attitude, skills]\n}}\n'
    staff.write_text(profile.format("Stores"))
    plan = """programme "Retail" {
  currency = USD
  unit "Company" { facing = back }
  unit "Stores" { parent = "Company"  facing = front }
  unit "Call centre" { parent = "Company"  facing = front }
  include "staff.cxp"
}
"""
    name = "packed/plan.cxp"
    open_doc(client, name, plan)
    await diagnostics_when(client, name, lambda f: "HR01" not in codes(f), "no HR01 (no pack yet)")

    # The pack is added to cxlint.yaml: its rule now runs, on the unit without a profile.
    config.write_text("fail_on: error\nrule_dirs: [packs/hiring]\n")
    changed_on_disk(client, config)
    warning = {t.DiagnosticSeverity.Warning}
    found = await diagnostics_when(client, name, lambda f: severities(f, "HR01") == warning, "HR01")
    hr01 = [d for d in found if d.code == "HR01"]
    assert len(hr01) == 1 and hr01[0].range.start == at(plan, 'unit "Call centre"'), hr01

    # The rule file itself changes (its default severity).
    rule.write_text(rule.read_text().replace("severity: warning", "severity: info", 1))
    changed_on_disk(client, rule)
    info = {t.DiagnosticSeverity.Information}
    await diagnostics_when(client, name, lambda f: severities(f, "HR01") == info, "HR01 as info")

    # An included file that is not open changes on disk: the call centre gets its profile.
    staff.write_text(profile.format("Stores") + profile.format("Call centre"))
    changed_on_disk(client, staff)
    await diagnostics_when(client, name, lambda f: "HR01" not in codes(f), "no HR01")
