//! `--format sarif`: SARIF 2.1.0, one run, as GitHub code scanning and Microsoft's SARIF
//! multitool (`validate --rule-kind "Sarif;Ghas"`) accept it.
//!
//! - Every loaded rule and every E and S code in `tool.driver.rules`, with a Pascal-case
//!   `name`, the summary as `fullDescription` (GitHub allows 1,024 characters), the rule's
//!   documentation page (docs/rules/CODE.md) as `help.markdown`, and `helpUri` only when
//!   `CXLINT_DOCS_URL` gives the public address of those pages.
//! - File addresses relative to the repository root (`uriBaseId` `%SRCROOT%`, defined in
//!   `originalUriBaseIds`), whatever form the paths were given in; a file outside the root
//!   gets an absolute `file://` URI.
//! - `partialFingerprints` from the version-2 baseline key (code, file, block path,
//!   occurrence), so an alert survives moved lines and two findings of one rule on one
//!   block stay two alerts.
//! - `artifacts` with each file's SHA-256, `invocations` with the working directory and
//!   the paths that could not be read, the catalogue of rules in the driver's properties.
//! - Suppressed findings carried with `suppressions` and their justification.
//!
//! The run's fields are written in a fixed order, results before what is known only at
//! the end (artifacts, invocations), so the output can be streamed.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::{json, Value};

use super::acceptance::{self, WaiverNote};
use super::provenance::{self, Address, Catalogue, Site};
use crate::baseline::{Entry, Keys};
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::RuleMeta;

/// GitHub's limit on `fullDescription.text`.
pub const FULL_DESCRIPTION_LIMIT: usize = 1024;

/// The name of cxlint's fingerprint in `partialFingerprints`.
pub const FINGERPRINT: &str = "cxlintBlockPathHash/v1";

/// Where the tool is described: its package page (docs/install.md).
pub const INFORMATION_URI: &str = "https://pypi.org/project/cxp-lint/";

/// What the SARIF says about the run besides its results.
#[derive(Debug, Clone)]
pub struct Setting {
    pub site: Site,
    /// The public address of the rule pages, ending in `/` (`CXLINT_DOCS_URL`).
    pub docs_url: Option<String>,
    pub catalogue: Catalogue,
    /// Each code's documentation page (Markdown).
    pub pages: HashMap<String, String>,
    /// The waivers of the configurations in use (to say how a finding was accepted).
    pub waivers: Vec<WaiverNote>,
}

impl Setting {
    /// The setting of this process: its working directory, `CXLINT_DOCS_URL`, and the
    /// pages of `rules` (codes without one get a short text).
    pub fn here(rules: &[RuleMeta], pages: Vec<(String, String)>) -> Setting {
        Setting {
            site: Site::here(),
            docs_url: provenance::docs_url(),
            catalogue: Catalogue::of(rules),
            pages: pages.into_iter().collect(),
            waivers: Vec::new(),
        }
    }
}

/// What is known only once every file was read.
#[derive(Debug, Default, Clone)]
pub struct Closing<'a> {
    /// The files checked, as given or found by the walk.
    pub files: &'a [String],
    /// Paths that could not be read, with why.
    pub problems: &'a [(String, String)],
}

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Value,
    automation_details: Value,
    original_uri_base_ids: Value,
    column_kind: &'static str,
    results: Vec<Value>,
    artifacts: Vec<Value>,
    invocations: Vec<Value>,
}

/// The whole SARIF document of a run.
pub fn render(
    diags: &[Diagnostic],
    rules: &[RuleMeta],
    setting: &Setting,
    closing: &Closing,
) -> String {
    let descriptors = descriptors(rules, setting);
    let mut keys = Keys::default();
    let results: Vec<Value> = diags
        .iter()
        .map(|d| result(d, &keys.key(d), &descriptors, setting))
        .collect();
    let seen: Vec<String> = diags.iter().map(|d| d.file.path.clone()).collect();
    let mut text = serde_json::to_string_pretty(&document(
        &descriptors,
        setting,
        results,
        Some((closing, &seen)),
    ))
    .unwrap_or_default();
    text.push('\n');
    text
}

/// The SARIF document around its results; without `closing`, its artifacts and
/// invocations are left empty (the frame a stream starts with).
pub(crate) fn document(
    descriptors: &[Value],
    setting: &Setting,
    results: Vec<Value>,
    closing: Option<(&Closing, &[String])>,
) -> impl Serialize {
    let (artifacts, invocations) = match closing {
        Some((c, seen)) => (artifacts(c.files, seen, setting), invocations(c, setting)),
        None => (Vec::new(), Vec::new()),
    };
    Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: json!({
                "driver": {
                    "name": "cxlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": INFORMATION_URI,
                    "rules": descriptors,
                    "properties": { "catalogue": setting.catalogue },
                }
            }),
            automation_details: json!({ "id": "cxlint/check/" }),
            original_uri_base_ids: json!({
                "%SRCROOT%": {
                    "uri": provenance::file_uri(&setting.site.root, true),
                    "description": {
                        "text": "The repository root (the first folder holding .git at or above the working directory), else the working directory."
                    }
                }
            }),
            column_kind: "unicodeCodePoints",
            results,
            artifacts,
            invocations,
        }],
    }
}

/// One descriptor per loaded rule, then one per E and S code.
pub(crate) fn descriptors(rules: &[RuleMeta], setting: &Setting) -> Vec<Value> {
    let mut descriptors: Vec<Value> = rules
        .iter()
        .map(|r| {
            descriptor(
                &r.code, &r.name, &r.group, r.severity, &r.summary, &r.help, setting,
            )
        })
        .collect();
    for c in Code::ALL {
        let group = if c.code().starts_with('E') {
            "errors"
        } else {
            "suppression"
        };
        descriptors.push(descriptor(
            c.code(),
            c.name(),
            group,
            super::rulepage::code_severity(c),
            c.summary(),
            &super::rulepage::code_help(c),
            setting,
        ));
    }
    descriptors
}

fn descriptor(
    code: &str,
    name: &str,
    group: &str,
    severity: Severity,
    summary: &str,
    help: &str,
    setting: &Setting,
) -> Value {
    let markdown = setting
        .pages
        .get(code)
        .cloned()
        .or_else(|| Code::from_code(code).map(super::rulepage::code_page))
        .unwrap_or_else(|| format!("# {code} {name}\n\n{summary}.\n\n{help}.\n"));
    let mut d = json!({
        "id": code,
        "name": pascal_case(name),
        "shortDescription": { "text": summary },
        "fullDescription": { "text": shorten(summary, FULL_DESCRIPTION_LIMIT - 1) },
        "help": { "text": help, "markdown": markdown },
        "defaultConfiguration": { "level": level(severity) },
        "properties": {
            "group": group,
            "tags": [group],
            "precision": "very-high",
            "problem.severity": problem_severity(severity),
        },
    });
    if let Some(base) = &setting.docs_url {
        d["helpUri"] = json!(format!("{base}{code}.md"));
    }
    d
}

/// One SARIF result; `key` is its baseline key (see [`Keys`]).
pub(crate) fn result(
    d: &Diagnostic,
    key: &Entry,
    descriptors: &[Value],
    setting: &Setting,
) -> Value {
    let index = |code: &str| descriptors.iter().position(|d| d["id"] == code);
    let (line, col) = d.start();
    let (end_line, end_col) = d.end();
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    let address = setting.site.address(&d.file.path);
    let mut r = json!({
        "ruleId": d.code,
        "level": level(d.severity),
        "message": { "text": message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact_location(&address),
                "region": {
                    "startLine": line,
                    "startColumn": col,
                    "endLine": end_line,
                    "endColumn": end_col,
                }
            }
        }],
        "partialFingerprints": { FINGERPRINT: fingerprint(key, &address) },
    });
    if let Some(i) = index(&d.code) {
        r["ruleIndex"] = json!(i);
    }
    if !d.fixes.is_empty() {
        r["fixes"] = fixes(d, &address);
    }
    if let Some(block) = d.block_path.as_ref().or(d.block.as_ref()) {
        r["properties"] = json!({ "block": block });
    }
    if let Some(reason) = &d.suppressed {
        let how = acceptance::of(d, &setting.waivers);
        let kind = match &how {
            Some(a) if a.kind == "allow" => "inSource",
            _ => "external",
        };
        let mut s = json!({
            "kind": kind,
            "status": "accepted",
            "justification": reason,
        });
        if let Some(how) = how {
            if let (Some(file), Some(line)) = (&how.file, how.line) {
                s["location"] = json!({
                    "physicalLocation": {
                        "artifactLocation": artifact_location(&setting.site.address(file)),
                        "region": { "startLine": line },
                    }
                });
            }
            s["properties"] = json!({ "acceptedBy": how.kind, "expires": how.expires });
        }
        r["suppressions"] = json!([s]);
    }
    r
}

/// A finding's fixes as SARIF `fix` objects: each one change to the finding's file,
/// its edits as replacements of regions given by line and column (as the result's
/// location is). Whether `check --fix` applies it is in `properties.safe`.
fn fixes(d: &Diagnostic, address: &Address) -> Value {
    let list: Vec<Value> = d
        .fixes
        .iter()
        .map(|f| {
            let replacements: Vec<Value> = f
                .edits
                .iter()
                .map(|e| {
                    let (line, col) = d.file.line_col(e.span.start);
                    let (end_line, end_col) = d.file.line_col(e.span.end);
                    json!({
                        "deletedRegion": {
                            "startLine": line,
                            "startColumn": col,
                            "endLine": end_line,
                            "endColumn": end_col,
                        },
                        "insertedContent": { "text": e.text },
                    })
                })
                .collect();
            json!({
                "description": { "text": f.title },
                "artifactChanges": [{
                    "artifactLocation": artifact_location(address),
                    "replacements": replacements,
                }],
                "properties": { "safe": f.safe },
            })
        })
        .collect();
    Value::Array(list)
}

/// The fingerprint of a finding: SHA-256 of its baseline key, with the file as its
/// address relative to the repository root (so it does not depend on how the path was
/// given).
pub fn fingerprint(key: &Entry, address: &Address) -> String {
    let file = match address {
        Address::UnderRoot(u) | Address::Absolute(u) => u,
    };
    provenance::sha256(
        format!("{}\n{}\n{}\n{}", key.code, file, key.block, key.occurrence).as_bytes(),
    )
}

fn artifact_location(address: &Address) -> Value {
    match address {
        Address::UnderRoot(uri) => json!({ "uri": uri, "uriBaseId": "%SRCROOT%" }),
        Address::Absolute(uri) => json!({ "uri": uri }),
    }
}

/// Every file checked or named by a finding, once, with its SHA-256 and length.
fn artifacts(files: &[String], seen: &[String], setting: &Setting) -> Vec<Value> {
    let mut all: BTreeMap<String, Address> = BTreeMap::new();
    for f in files.iter().chain(seen) {
        if f.is_empty() {
            continue;
        }
        let address = setting.site.address(f);
        all.entry(f.clone()).or_insert(address);
    }
    let mut by_address: BTreeMap<String, Value> = BTreeMap::new();
    for (path, address) in all {
        let key = match &address {
            Address::UnderRoot(u) | Address::Absolute(u) => u.clone(),
        };
        if by_address.contains_key(&key) {
            continue;
        }
        let mut a = json!({ "location": artifact_location(&address) });
        if let Some((sha, length)) = provenance::file_digest(&setting.site.absolute(&path)) {
            a["hashes"] = json!({ "sha-256": sha });
            a["length"] = json!(length);
        }
        by_address.insert(key, a);
    }
    by_address.into_values().collect()
}

/// The one invocation: where it ran, whether every path could be read, and those that
/// could not.
fn invocations(c: &Closing, setting: &Setting) -> Vec<Value> {
    let notes: Vec<Value> = c
        .problems
        .iter()
        .map(|(path, why)| {
            let address = setting.site.address(path);
            json!({
                "level": "error",
                "message": { "text": format!("{path}: {why}") },
                "locations": [{ "physicalLocation": { "artifactLocation": artifact_location(&address) } }],
            })
        })
        .collect();
    let mut inv = json!({
        "executionSuccessful": notes.is_empty(),
        "workingDirectory": { "uri": provenance::file_uri(&setting.site.cwd, true) },
    });
    if !notes.is_empty() {
        inv["toolExecutionNotifications"] = json!(notes);
    }
    vec![inv]
}

/// `reap-what-you-sow` → `ReapWhatYouSow` (SARIF asks for a Pascal-case friendly name).
pub fn pascal_case(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// `text` cut to at most `max` characters (with `…` when cut).
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// GitHub's `problem.severity`: error, warning or recommendation.
fn problem_severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "recommendation",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_pascal_case() {
        assert_eq!(pascal_case("reap-what-you-sow"), "ReapWhatYouSow");
        assert_eq!(pascal_case("weights-not-100"), "WeightsNot100");
        assert_eq!(pascal_case("myopia"), "Myopia");
    }

    #[test]
    fn long_descriptions_are_cut_below_the_limit() {
        let long = "x".repeat(2000);
        let s = shorten(&long, FULL_DESCRIPTION_LIMIT - 1);
        assert_eq!(s.chars().count(), FULL_DESCRIPTION_LIMIT - 1);
        assert_eq!(shorten("short", 10), "short");
    }
}
