//! How a suppressed finding was accepted, for the outputs an auditor keeps: by an allow
//! comment in the plan (and on which line) or by a waiver in a configuration (which file,
//! which line, until when).

use serde::Serialize;

use crate::diagnostic::Diagnostic;

/// A waiver of a configuration in use, as the outputs describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaiverNote {
    pub code: String,
    pub reason: String,
    pub expires: Option<String>,
    /// The configuration file that holds it.
    pub config: Option<String>,
    pub line: usize,
}

impl WaiverNote {
    /// The waivers of every configuration in use.
    pub fn of_configs<'a>(
        configs: impl Iterator<Item = &'a crate::config::Config>,
    ) -> Vec<WaiverNote> {
        configs
            .flat_map(|c| {
                c.waivers.iter().map(move |w| WaiverNote {
                    code: w.code.clone(),
                    reason: w.reason.clone(),
                    expires: w.expires.map(|e| e.to_string()),
                    config: c.path.as_ref().map(|p| p.display().to_string()),
                    line: w.line,
                })
            })
            .collect()
    }
}

/// How one suppressed finding was accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Acceptance {
    /// `allow` (a comment in the plan) or `waiver` (in a configuration).
    pub kind: &'static str,
    /// The file that holds the allow comment or the waiver.
    pub file: Option<String>,
    /// Its line there.
    pub line: Option<usize>,
    /// A waiver's expiry date (`null`: it does not expire, or an allow).
    pub expires: Option<String>,
}

/// How `d` was accepted, when it is suppressed.
pub fn of(d: &Diagnostic, waivers: &[WaiverNote]) -> Option<Acceptance> {
    let reason = d.suppressed.as_deref()?;
    if let Some(line) = allow_line(d, reason) {
        return Some(Acceptance {
            kind: "allow",
            file: Some(d.file.path.clone()),
            line: Some(line),
            expires: None,
        });
    }
    let w = waivers
        .iter()
        .find(|w| w.code == d.code && w.reason == reason);
    Some(Acceptance {
        kind: "waiver",
        file: w.and_then(|w| w.config.clone()),
        line: w.map(|w| w.line),
        expires: w.and_then(|w| w.expires.clone()),
    })
}

/// The line of the allow comment that names `d`'s code with `reason`: the nearest one
/// at or above the finding (an allow applies to the block after it, or to its own line).
fn allow_line(d: &Diagnostic, reason: &str) -> Option<usize> {
    let (at, _) = d.start();
    let mut best = None;
    for (i, line) in d.file.text.lines().enumerate() {
        let n = i + 1;
        let Some(start) = line.find("cxlint:") else {
            continue;
        };
        let comment = &line[start..];
        let Some((codes, why)) = comment.split_once("--") else {
            continue;
        };
        if !codes.contains("allow") || why.trim() != reason.trim() {
            continue;
        }
        let named = codes
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| w == d.code);
        if !named {
            continue;
        }
        if n <= at {
            best = Some(n);
        } else if best.is_none() {
            // Below the finding: only if nothing is above it.
            best = Some(n);
            break;
        } else {
            break;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::source::SourceFile;

    fn finding(text: &str, at: usize, reason: &str) -> Diagnostic {
        let file = SourceFile::new("a.cxp", text.to_string());
        let mut d = Diagnostic::new(
            "FM06",
            "reap-what-you-sow",
            Severity::Error,
            &file,
            at..at + 1,
            "m",
        );
        d.suppressed = Some(reason.to_string());
        d
    }

    #[test]
    fn an_allow_comment_is_found_with_its_line() {
        let text = "programme \"A\" {\n  # cxlint: allow EB03, FM06 -- fixed by the union\n  pay_plan \"P\" {}\n}\n";
        let d = finding(text, text.find("pay_plan").unwrap(), "fixed by the union");
        let a = of(&d, &[]).unwrap();
        assert_eq!((a.kind, a.line), ("allow", Some(2)));
        assert_eq!(a.file.as_deref(), Some("a.cxp"));
    }

    #[test]
    fn a_waiver_carries_its_file_line_and_expiry() {
        let text = "programme \"A\" {\n  pay_plan \"P\" {}\n}\n";
        let d = finding(text, 20, "signed in 2025");
        let w = WaiverNote {
            code: "FM06".into(),
            reason: "signed in 2025".into(),
            expires: Some("2027-06-30".into()),
            config: Some("cxlint.yaml".into()),
            line: 7,
        };
        let a = of(&d, &[w]).unwrap();
        assert_eq!(a.kind, "waiver");
        assert_eq!(a.line, Some(7));
        assert_eq!(a.expires.as_deref(), Some("2027-06-30"));
        assert_eq!(a.file.as_deref(), Some("cxlint.yaml"));
    }
}
