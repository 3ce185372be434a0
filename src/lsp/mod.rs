//! `cxlint lsp`: a language server over standard input and output.
//!
//! Diagnostics as the user types (after a short pause), for the open plan and the open
//! plans that include it, with the configuration that applies to each file; hover,
//! completion, go to definition, references, rename, document symbols, formatting and an
//! "allow this finding" code action. Every document is linted from memory through the
//! same pipeline as `cxlint check` (`lint::run_documents`): open documents hide their
//! files on disk, and included files that are not open are read from disk.

mod analysis;
mod includes;
mod position;
mod requests;
mod uri;

use includes::{include_targets, is_fragment, roots_including};

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use serde_json::{json, Value};

use crate::diagnostic::{Diagnostic, Severity};
use crate::files::Disk;
use crate::lint::Options;
use crate::resolve::Resolver;
use crate::syntax::ast;

use position::Lines;

/// How long typing must pause before a document is linted again.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// Run the server until the client says `exit`; the exit status.
pub fn run() -> i32 {
    let (connection, io) = stdio();
    let code = match serve(&connection, Some(io.out.clone())) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("cxlint lsp: {e}");
            1
        }
    };
    drop(connection);
    // Everything answered is written before the process ends; the reader may still be
    // waiting on standard input, and ends with the process.
    let _ = io.writer.join();
    drop(io.reader);
    code
}

/// Standard output, shared by the thread that writes messages and the answers written
/// as text already ([`Server::respond_raw`]).
type Out = std::sync::Arc<std::sync::Mutex<std::io::Stdout>>;

struct Io {
    out: Out,
    reader: std::thread::JoinHandle<()>,
    writer: std::thread::JoinHandle<()>,
}

/// The connection over standard input and output: as `Connection::stdio`, except that
/// standard output is shared, so that a large answer can be written as text without
/// first becoming a JSON value (an outline of 20,000 symbols took longer to copy and free
/// as values than to compute).
fn stdio() -> (Connection, Io) {
    use std::io::Write;
    let (server, client) = Connection::memory();
    let out: Out = std::sync::Arc::new(std::sync::Mutex::new(std::io::stdout()));
    let to_stdout = out.clone();
    let from_server = client.receiver;
    let writer = std::thread::spawn(move || {
        for message in from_server {
            let Ok(mut out) = to_stdout.lock() else {
                return;
            };
            if message.write(&mut *out).and_then(|()| out.flush()).is_err() {
                return;
            }
        }
    });
    let to_server = client.sender;
    let reader = std::thread::spawn(move || {
        let stdin = std::io::stdin();
        let mut stdin = stdin.lock();
        while let Ok(Some(message)) = Message::read(&mut stdin) {
            let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
            if to_server.send(message).is_err() || exit {
                return;
            }
        }
    });
    (
        server,
        Io {
            out,
            reader,
            writer,
        },
    )
}

fn capabilities() -> Value {
    json!({
        "textDocumentSync": { "openClose": true, "change": 1, "save": { "includeText": false } },
        "hoverProvider": true,
        "completionProvider": { "triggerCharacters": ["=", "\"", " "] },
        "definitionProvider": true,
        "referencesProvider": true,
        "renameProvider": true,
        "documentSymbolProvider": true,
        "documentFormattingProvider": true,
        "codeActionProvider": true,
    })
}

fn serve(connection: &Connection, out: Option<Out>) -> Result<(), String> {
    let params = connection
        .initialize(capabilities())
        .map_err(|e| e.to_string())?;
    let watch = params
        .pointer("/capabilities/workspace/didChangeWatchedFiles/dynamicRegistration")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let mut server = Server::new(connection);
    server.out = out;
    if watch {
        server.watch_configuration();
    }
    loop {
        let wait = server
            .deadline
            .map(|d| d.saturating_duration_since(Instant::now()))
            .unwrap_or(Duration::from_secs(3600));
        match connection.receiver.recv_timeout(wait) {
            Ok(Message::Request(req)) => {
                // After `shutdown` the server only waits for `exit`; a client that sends
                // something else instead (a second `shutdown`) still ends it cleanly.
                match connection.handle_shutdown(&req) {
                    Ok(true) | Err(_) => return Ok(()),
                    Ok(false) => {}
                }
                server.request(req);
            }
            Ok(Message::Notification(n)) => {
                if n.method == "exit" {
                    return Ok(());
                }
                server.notification(n);
            }
            Ok(Message::Response(_)) => {}
            Err(crossbeam_timeout) if crossbeam_timeout.is_timeout() => {}
            Err(_) => return Ok(()),
        }
        if server.deadline.is_some_and(|d| Instant::now() >= d) {
            server.lint_dirty();
        }
    }
}

/// An open document.
struct Doc {
    path: PathBuf,
    text: String,
    version: i32,
}

struct Server<'c> {
    connection: &'c Connection,
    docs: HashMap<String, Doc>,
    dirty: HashSet<String>,
    deadline: Option<Instant>,
    resolver: Resolver,
    /// URIs that were last published with findings, so fixed files are cleared.
    published: HashSet<String>,
    next_id: i32,
    /// Standard output, for answers written as text ([`Server::respond_raw`]).
    out: Option<Out>,
    /// The outline last answered, as JSON text, with the syntax tree it was made from
    /// (the same tree means the same text).
    outline: Option<(std::rc::Rc<ast::File>, std::rc::Rc<str>)>,
}

impl<'c> Server<'c> {
    fn new(connection: &'c Connection) -> Server<'c> {
        Server {
            connection,
            docs: HashMap::new(),
            dirty: HashSet::new(),
            deadline: None,
            resolver: Resolver::new(None, &[]),
            published: HashSet::new(),
            next_id: 0,
            out: None,
            outline: None,
        }
    }

    fn send(&self, message: Message) {
        let _ = self.connection.sender.send(message);
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) {
        self.send(Message::Notification(Notification::new(
            method.to_string(),
            params,
        )));
    }

    /// Ask the client to tell us when a configuration or rule file changes.
    fn watch_configuration(&mut self) {
        self.next_id += 1;
        let params = json!({
            "registrations": [{
                "id": "cxlint-configuration",
                "method": "workspace/didChangeWatchedFiles",
                "registerOptions": { "watchers": [
                    { "globPattern": "**/cxlint.yaml" },
                    { "globPattern": "**/*.{yaml,yml}" },
                    { "globPattern": "**/*.cxp" }
                ] }
            }]
        });
        self.send(Message::Request(Request::new(
            RequestId::from(format!("cxlint-{}", self.next_id)),
            "client/registerCapability".to_string(),
            params,
        )));
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let Ok(p) = serde_json::from_value::<lsp::DidOpenTextDocumentParams>(n.params)
                else {
                    return;
                };
                let uri = p.text_document.uri.as_str().to_string();
                let path = uri::to_path(&uri);
                self.docs.insert(
                    uri.clone(),
                    Doc {
                        path,
                        text: p.text_document.text,
                        version: p.text_document.version,
                    },
                );
                self.touch(&uri, true);
            }
            "textDocument/didChange" => {
                let Ok(p) = serde_json::from_value::<lsp::DidChangeTextDocumentParams>(n.params)
                else {
                    return;
                };
                let uri = p.text_document.uri.as_str().to_string();
                if let Some(doc) = self.docs.get_mut(&uri) {
                    // Full synchronisation: the last change holds the whole text.
                    if let Some(change) = p.content_changes.into_iter().last() {
                        doc.text = change.text;
                        doc.version = p.text_document.version;
                    }
                }
                self.touch(&uri, false);
            }
            "textDocument/didSave" => {
                let Ok(p) = serde_json::from_value::<lsp::DidSaveTextDocumentParams>(n.params)
                else {
                    return;
                };
                let uri = p.text_document.uri.as_str().to_string();
                if uri.ends_with(".yaml") || uri.ends_with(".yml") {
                    self.configuration_changed();
                }
            }
            "textDocument/didClose" => {
                let Ok(p) = serde_json::from_value::<lsp::DidCloseTextDocumentParams>(n.params)
                else {
                    return;
                };
                let uri = p.text_document.uri.as_str().to_string();
                self.docs.remove(&uri);
                self.dirty.remove(&uri);
                if self.published.remove(&uri) {
                    self.publish(&uri, Vec::new(), None);
                }
            }
            "workspace/didChangeWatchedFiles" | "workspace/didChangeConfiguration" => {
                self.configuration_changed();
            }
            _ => {}
        }
    }

    /// A configuration, rule pack or plan on disk changed: load configurations afresh
    /// and lint every open document again.
    fn configuration_changed(&mut self) {
        self.resolver = Resolver::new(None, &[]);
        let all: Vec<String> = self.docs.keys().cloned().collect();
        self.dirty.extend(all);
        self.deadline = Some(Instant::now() + DEBOUNCE);
    }

    /// A document changed: lint it (and the open documents of its programme) after the
    /// pause, or at once when it was just opened.
    fn touch(&mut self, uri: &str, now: bool) {
        self.dirty.insert(uri.to_string());
        if now {
            self.lint_dirty();
        } else {
            self.deadline = Some(Instant::now() + DEBOUNCE);
        }
    }

    fn lint_dirty(&mut self) {
        self.deadline = None;
        let dirty: Vec<String> = self.dirty.drain().collect();
        let mut done: HashSet<String> = HashSet::new();
        for uri in dirty {
            if !done.contains(&uri) {
                done.extend(self.lint(&uri));
            }
        }
    }

    /// Lint the programme an open document belongs to, from memory, and publish the
    /// findings of every open document it holds; the URIs published.
    fn lint(&mut self, uri: &str) -> Vec<String> {
        let Some(doc) = self.docs.get(uri) else {
            return Vec::new();
        };
        // A fragment is linted through the root files that include it.
        let roots = if is_fragment(&doc.text) {
            let found = roots_including(&doc.path, &self.docs);
            if found.is_empty() {
                vec![doc.path.clone()]
            } else {
                found
            }
        } else {
            vec![doc.path.clone()]
        };
        let display: HashMap<PathBuf, String> = self
            .docs
            .values()
            .map(|d| (d.path.clone(), d.path.display().to_string()))
            .collect();
        let texts: Vec<(String, Vec<u8>)> = self
            .docs
            .values()
            .map(|d| (d.path.display().to_string(), d.text.as_bytes().to_vec()))
            .collect();
        let mut by_file: HashMap<String, Vec<Diagnostic>> = HashMap::new();
        for root in &roots {
            let Some(setting) = self.resolver.for_plan(root) else {
                let problems = std::mem::take(&mut self.resolver.problems);
                let message = problems
                    .first()
                    .map(|d| d.message.clone())
                    .unwrap_or_else(|| "the configuration cannot be used".into());
                self.show_message(&format!("cxlint: {message}"));
                continue;
            };
            let scope = self.resolver.settings[setting].scope();
            let opts = Options::as_of(crate::value::Date::today());
            let root_display = root.display().to_string();
            // The root first: `run_documents` lints the documents it is given as roots.
            let mut documents: Vec<(&str, &[u8])> = vec![];
            let root_text = texts
                .iter()
                .find(|(p, _)| *p == root_display)
                .map(|(_, t)| t.as_slice());
            let disk_text;
            match root_text {
                Some(t) => documents.push((root_display.as_str(), t)),
                None => {
                    disk_text = std::fs::read(root).unwrap_or_default();
                    documents.push((root_display.as_str(), disk_text.as_slice()));
                }
            }
            let others: Vec<(&str, &[u8])> = texts
                .iter()
                .filter(|(p, _)| *p != root_display)
                .map(|(p, t)| (p.as_str(), t.as_slice()))
                .collect();
            let overlay = crate::files::Overlay::new(&others, &Disk);
            let report = crate::lint::run_documents(&documents, &overlay, scope, &opts);
            for d in report.diagnostics {
                if d.suppressed.is_none() {
                    by_file.entry(d.file.path.clone()).or_default().push(d);
                }
            }
        }
        // Publish for every open document of these programmes (and always for `uri`).
        let mut sent = Vec::new();
        let open: Vec<(String, PathBuf)> = self
            .docs
            .iter()
            .map(|(u, d)| (u.clone(), d.path.clone()))
            .collect();
        for (u, path) in open {
            let key = display.get(&path).cloned().unwrap_or_default();
            let found = by_file.remove(&key);
            if u != uri && found.is_none() && !roots.contains(&path) {
                continue;
            }
            let (text, version) = match self.docs.get(&u) {
                Some(d) => (d.text.clone(), Some(d.version)),
                None => continue,
            };
            let lines = Lines::new(&text);
            let diags: Vec<lsp::Diagnostic> = found
                .unwrap_or_default()
                .iter()
                .map(|d| to_lsp(d, &text, &lines))
                .collect();
            if diags.is_empty() {
                self.published.remove(&u);
            } else {
                self.published.insert(u.clone());
            }
            self.publish(&u, diags, version);
            sent.push(u);
        }
        sent
    }

    fn publish(&self, uri: &str, diagnostics: Vec<lsp::Diagnostic>, version: Option<i32>) {
        self.notify(
            "textDocument/publishDiagnostics",
            json!({ "uri": uri, "diagnostics": diagnostics, "version": version }),
        );
    }

    /// Answer `id` with `result`, JSON text already: written to standard output as it is
    /// (a message queued an instant before may be written after it, which the protocol
    /// allows), or read back into a value when there is no standard output to write to.
    fn respond_raw(&self, id: RequestId, result: &str) {
        use std::io::Write;
        if let Some(out) = &self.out {
            let id = serde_json::to_string(&id).unwrap_or_else(|_| "null".into());
            let body = format!(r#"{{"jsonrpc":"2.0","id":{id},"result":{result}}}"#);
            if let Ok(mut out) = out.lock() {
                let _ = write!(out, "Content-Length: {}\r\n\r\n", body.len())
                    .and_then(|()| out.write_all(body.as_bytes()))
                    .and_then(|()| out.flush());
            }
            return;
        }
        let result = serde_json::from_str(result).unwrap_or(Value::Null);
        self.send(Message::Response(Response {
            id,
            result: Some(result),
            error: None,
        }));
    }

    fn show_message(&self, message: &str) {
        self.notify(
            "window/showMessage",
            json!({ "type": 1, "message": message }),
        );
    }

    fn request(&mut self, req: Request) {
        // Answer with what is typed, not with what was linted last.
        let id = req.id.clone();
        if req.method == "textDocument/documentSymbol" {
            let result = self.symbols(req.params);
            self.respond_raw(id, &result);
            return;
        }
        let result = match req.method.as_str() {
            "textDocument/hover" => self.hover(req.params),
            "textDocument/completion" => self.completion(req.params),
            "textDocument/definition" => self.definition(req.params),
            "textDocument/references" => self.references(req.params),
            "textDocument/rename" => self.rename(req.params),
            "textDocument/formatting" => self.formatting(req.params),
            "textDocument/codeAction" => self.code_actions(req.params),
            _ => {
                self.send(Message::Response(Response::new_err(
                    id,
                    lsp_server::ErrorCode::MethodNotFound as i32,
                    format!("cxlint does not answer {}", req.method),
                )));
                return;
            }
        };
        // The answer is JSON already: `Response::new_ok` would copy it once more.
        self.send(Message::Response(Response {
            id,
            result: Some(result),
            error: None,
        }));
    }
}

/// Syntax trees of the texts parsed last, by a hash of the text: a request about a
/// document parses it only when it changed (and a programme's files only once).
const TREES_KEPT: usize = 16;

thread_local! {
    static TREES: std::cell::RefCell<Vec<(u64, usize, std::rc::Rc<ast::File>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

fn parse(text: &str) -> std::rc::Rc<ast::File> {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    let key = (h.finish(), text.len());
    if let Some(tree) = TREES.with(|t| {
        t.borrow()
            .iter()
            .find(|(k, len, _)| (*k, *len) == key)
            .map(|(_, _, tree)| tree.clone())
    }) {
        return tree;
    }
    let file = crate::source::SourceFile::new("", text.to_string());
    let tree =
        std::rc::Rc::new(crate::syntax::parse_with(&file, &crate::limits::Limits::default()).0);
    TREES.with(|t| {
        let mut t = t.borrow_mut();
        if t.len() >= TREES_KEPT {
            t.remove(0);
        }
        t.push((key.0, key.1, tree.clone()));
    });
    tree
}

/// A cxlint diagnostic as the protocol has it: the help on a line of its own.
fn to_lsp(d: &Diagnostic, text: &str, lines: &Lines) -> lsp::Diagnostic {
    let severity = match d.severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
    };
    let mut message = crate::output::plain(&d.message).into_owned();
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {}", crate::output::plain(help)));
    }
    // The fixes travel with the diagnostic (`data`), so a code action request that
    // hands the diagnostic back can offer them as they were worked out.
    let fixes: Vec<serde_json::Value> = d
        .fixes
        .iter()
        .map(|f| {
            let edits: Vec<serde_json::Value> = f
                .edits
                .iter()
                .map(|e| serde_json::json!({ "range": lines.range(text, &e.span), "newText": e.text }))
                .collect();
            serde_json::json!({ "title": f.title, "safe": f.safe, "edits": edits })
        })
        .collect();
    lsp::Diagnostic {
        range: lines.range(text, &d.span),
        severity: Some(severity),
        code: Some(lsp::NumberOrString::String(d.code.to_string())),
        source: Some("cxlint".into()),
        message,
        data: (!fixes.is_empty()).then(|| serde_json::json!({ "fixes": fixes })),
        ..lsp::Diagnostic::default()
    }
}
