//! The machine-readable outputs as their consumers read them: SARIF's required fields and
//! suppressions, JUnit XML that stays well-formed whatever the labels hold, and GitHub
//! workflow commands that decode back to the exact path and message. The external tools
//! themselves (check-jsonschema, junitparser, pre-commit, Chromium) run in
//! `scripts/gates.sh`.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const HOSTILE: &str = "tests/data/gates/hostile";
const HOSTILE_CONFIG: &str = "tests/data/gates/hostile/cxlint.yaml";

/// Run cxlint from the project root; returns (exit code, stdout).
fn cxlint(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cxlint"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cxlint runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("output is UTF-8"),
    )
}

fn hostile(format: &str) -> String {
    let (code, out) = cxlint(&[
        "check",
        HOSTILE,
        "--config",
        HOSTILE_CONFIG,
        "--format",
        format,
    ]);
    assert_eq!(code, 1, "the hostile plan has errors");
    out
}

fn sarif_run() -> Value {
    let doc: Value = serde_json::from_str(&hostile("sarif")).expect("SARIF is JSON");
    assert_eq!(doc["version"], "2.1.0");
    doc["runs"][0].clone()
}

#[test]
fn sarif_results_carry_rule_level_message_and_region() {
    let run = sarif_run();
    let results = run["results"].as_array().expect("results");
    assert!(results.len() > 20);
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    for r in results {
        let id = r["ruleId"].as_str().expect("ruleId");
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap_or("")));
        assert!(!r["message"]["text"].as_str().unwrap_or("").is_empty());
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(
            loc["artifactLocation"]["uri"],
            "tests/data/gates/hostile/plan.cxp"
        );
        assert!(loc["region"]["startLine"].as_u64().unwrap_or(0) >= 1);
        assert!(loc["region"]["startColumn"].as_u64().unwrap_or(0) >= 1);
        let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], id, "ruleIndex points at the rule");
    }
}

#[test]
fn sarif_lists_every_rule_and_code_with_help() {
    let run = sarif_run();
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let (_, listed) = cxlint(&["rules", "--format", "json"]);
    let listed: Value = serde_json::from_str(&listed).expect("rules JSON");
    let listed = listed
        .as_array()
        .or_else(|| listed["rules"].as_array())
        .expect("a list of rules");
    for rule in listed {
        let code = rule["code"].as_str().expect("code");
        assert!(
            rules.iter().any(|r| r["id"] == code),
            "{code} missing from SARIF"
        );
    }
    for code in cxlint::codes::Code::ALL {
        assert!(rules.iter().any(|r| r["id"] == code.code()));
    }
    for r in rules {
        let help = r["help"]["text"].as_str().unwrap_or("");
        assert!(!help.is_empty(), "{} has no help", r["id"]);
        assert!(!r["shortDescription"]["text"]
            .as_str()
            .unwrap_or("")
            .is_empty());
    }
}

#[test]
fn sarif_carries_allows_and_waivers_as_suppressions_with_justification() {
    let run = sarif_run();
    let suppressed: Vec<&Value> = run["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .collect();
    assert_eq!(suppressed.len(), 2, "one allow comment and one waiver");
    let allow = suppressed
        .iter()
        .find(|r| r["ruleId"] == "FM06")
        .expect("FM06 allowed");
    assert_eq!(allow["suppressions"][0]["kind"], "inSource");
    assert_eq!(
        allow["suppressions"][0]["justification"],
        "pay for \"shop <staff>\" & agents is fixed by the 2027 agreement, 50%: see HR"
    );
    let waiver = suppressed
        .iter()
        .find(|r| r["ruleId"] == "FM10")
        .expect("FM10 waived");
    assert_eq!(waiver["suppressions"][0]["kind"], "external");
    assert_eq!(
        waiver["suppressions"][0]["justification"],
        "contract signed in 2025 <before> the rule & its \"sign-off\" step"
    );
}

#[test]
fn sarif_schema_is_the_official_one() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/sarif-schema-2.1.0.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("schema committed"))
            .expect("schema is JSON");
    assert_eq!(
        schema["id"],
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    );
    let required = schema["definitions"]["result"]["required"]
        .as_array()
        .expect("result.required");
    assert!(required.iter().any(|r| r == "message"));
}

/// A small well-formedness check: every `&` starts an entity, no `<` or `>` inside an
/// attribute value or text other than markup, and no character XML 1.0 forbids.
fn assert_well_formed_xml(xml: &str) {
    for (i, c) in xml.char_indices() {
        let forbidden = (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t');
        assert!(!forbidden, "character U+{:04X} at byte {i}", c as u32);
        assert!(c != '\u{FFFE}' && c != '\u{FFFF}');
        if c == '&' {
            let rest = &xml[i..];
            let ok = ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#"]
                .iter()
                .any(|e| rest.starts_with(e));
            assert!(ok, "bare & at byte {i}: {}", &rest[..rest.len().min(20)]);
        }
    }
    // Inside quotes there is never a raw `<` or `"`: attribute values are closed properly.
    for line in xml.lines() {
        let mut in_tag = false;
        let mut in_value = false;
        for c in line.chars() {
            match (in_tag, in_value, c) {
                (false, _, '<') => in_tag = true,
                (true, false, '>') => in_tag = false,
                (true, false, '"') => in_value = true,
                (true, true, '"') => in_value = false,
                (true, true, '<') => panic!("raw < in an attribute: {line}"),
                (false, _, '>') => {}
                _ => {}
            }
        }
        assert!(!in_value, "attribute value runs past the line: {line}");
    }
}

#[test]
fn junit_is_well_formed_whatever_the_labels_hold() {
    let xml = hostile("junit");
    assert_well_formed_xml(&xml);
    assert!(xml.contains("Agents &lt;&quot;night&quot; &amp; day&gt;"));
    assert!(xml.contains('😀'));
    assert!(!xml.contains('\u{7}'), "control character kept");
    let (_, broken) = cxlint(&["check", "tests/data/gates/broken", "--format", "junit"]);
    assert_well_formed_xml(&broken);
    assert!(broken.contains("E001"));
}

/// Undo the escaping GitHub applies to workflow command data and properties.
fn unescape(s: &str) -> String {
    s.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

/// Split `::error file=…,line=…::message` into (level, properties, message).
fn parse_command(line: &str) -> (String, Vec<(String, String)>, String) {
    let rest = line.strip_prefix("::").expect("starts with ::");
    let (head, message) = rest.split_once("::").expect("a second ::");
    let (level, props) = head.split_once(' ').expect("level and properties");
    let props = props
        .split(',')
        .map(|p| {
            let (k, v) = p.split_once('=').expect("key=value");
            (k.to_string(), unescape(v))
        })
        .collect();
    (level.to_string(), props, unescape(message))
}

#[test]
fn github_commands_decode_to_the_exact_path_and_message() {
    let dir = tempfile::tempdir().expect("temp dir");
    let name = "q3: plan, 50% done.cxp";
    let path = dir.path().join(name);
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(HOSTILE)
            .join("plan.cxp"),
    )
    .expect("fixture");
    std::fs::write(&path, text).expect("write plan");
    let path_text = path.to_str().expect("UTF-8 path");
    let (code, out) = cxlint(&["check", path_text, "--format", "github"]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.len() > 20, "one command per finding");
    let mut saw_label = false;
    for line in &lines {
        let (level, props, message) = parse_command(line);
        assert!(["error", "warning", "notice"].contains(&level.as_str()));
        let file = props.iter().find(|(k, _)| k == "file").expect("file");
        assert_eq!(file.1, path_text, "file property decodes to the path");
        for key in ["line", "col", "endLine", "endColumn"] {
            let v = &props.iter().find(|(k, _)| k == key).expect(key).1;
            assert!(v.parse::<u32>().is_ok_and(|n| n >= 1), "{key}={v}");
        }
        if message.contains("Agents <\"night\" & day>") {
            saw_label = true;
            assert!(message.contains("50%, a:b\r\nline"), "{message:?}");
        }
    }
    assert!(saw_label, "the label with % , : CR LF is reported");
    // The allowed FM06 and nothing suppressed appears.
    assert!(!out.contains("Shop staff\" puts 0%25"));
}
