//! Inline allow comments (`# cxlint: allow CODES -- reason`) and config waivers; S001-S004.
//!
//! An allow on its own line covers the block that starts on the next line, nested blocks
//! included (when no block starts there, it covers that next line). An allow at the end
//! of a line covers diagnostics that point at that line. E codes are never suppressed.

use crate::{Map, Set};
use std::path::Path;

use crate::codes::Code;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Fix, Severity};

use crate::value::Date;

pub use crate::syntax::allows::{allows, Allow};

thread_local! {
    static WORK: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// How many (allow, diagnostic) and (waiver, finding) pairs this thread has examined:
/// a measure of the work of suppression that does not depend on the machine, for the
/// tests that check it grows in proportion to the input.
pub fn pairs_examined() -> u64 {
    WORK.with(|w| w.get())
}

fn examined(n: usize) {
    WORK.with(|w| w.set(w.get() + n as u64));
}

/// Apply allows to one file's diagnostics. `ran(code)` says whether a rule ran on this
/// file (S002 is only for those). With `ignore_allows`, allows suppress nothing and give
/// no S001/S002; the findings carry the allow's reason instead.
pub fn apply_allows(
    diags: &mut Vec<Diagnostic>,
    allows: &[Allow],
    ran: &dyn Fn(&str) -> bool,
    known: &Known<'_>,
    ignore_allows: bool,
) {
    let mut index = Allows::new(allows, ignore_allows);
    for d in diags.iter_mut() {
        index.apply(d);
    }
    diags.extend(index.finish(ran, known));
}

/// A stretch of a file covered by the same allows for one code: the first of them in
/// the file suppresses; with `--no-inline-allows` the last one's reason is shown.
struct Segment {
    start: usize,
    end: usize,
    first: usize,
    last: usize,
}

/// The allows of a programme, applied to its diagnostics one at a time as they are
/// made, so no diagnostic has to be held for them.
///
/// Per file and code, what the allows cover is cut into stretches each covered by the
/// same allows (at most twice as many as the allows), sorted by position: a diagnostic
/// finds its stretch by binary search. The work follows the number of allows and
/// diagnostics, not their product.
pub struct Allows<'a> {
    allows: &'a [Allow],
    ignore: bool,
    /// File -> code -> stretches.
    segments: Map<&'a str, Map<&'a str, Vec<Segment>>>,
    /// (allow, code) pairs that suppressed something.
    used: Set<(usize, &'a str)>,
}

impl<'a> Allows<'a> {
    pub fn new(allows: &'a [Allow], ignore: bool) -> Allows<'a> {
        // (file, code) -> (position, allow, opens) for every allow that may cover it.
        type Edges<'e> = Map<(&'e str, &'e str), Vec<(usize, usize, bool)>>;
        let mut edges: Edges = Map::default();
        for (i, allow) in allows.iter().enumerate() {
            if allow.reason.is_none() && !ignore {
                continue;
            }
            let mut codes: Vec<&str> = Vec::new();
            for c in &allow.codes {
                if !codes.contains(&c.as_str()) {
                    codes.push(c);
                }
            }
            for code in codes {
                let list = edges.entry((allow.file.path.as_str(), code)).or_default();
                list.push((allow.covers.start, i, true));
                list.push((allow.covers.end, i, false));
            }
        }
        let mut segments: Map<&str, Map<&str, Vec<Segment>>> = Map::default();
        for ((file, code), mut list) in edges {
            list.sort_unstable();
            let mut active: std::collections::BTreeSet<usize> = Default::default();
            let mut out: Vec<Segment> = Vec::new();
            let mut k = 0;
            while k < list.len() {
                let at = list[k].0;
                while k < list.len() && list[k].0 == at {
                    let (_, i, opens) = list[k];
                    if opens {
                        active.insert(i);
                    } else {
                        active.remove(&i);
                    }
                    k += 1;
                }
                if let (Some(&first), Some(&last), Some(next)) =
                    (active.first(), active.last(), list.get(k))
                {
                    out.push(Segment {
                        start: at,
                        end: next.0,
                        first,
                        last,
                    });
                }
            }
            segments.entry(file).or_default().insert(code, out);
        }
        Allows {
            allows,
            ignore,
            segments,
            used: Set::default(),
        }
    }

    /// Suppress `d` when an allow covers it (or, ignoring allows, note the reason).
    pub fn apply(&mut self, d: &mut Diagnostic) {
        if Code::from_code(&d.code).is_some() {
            return;
        }
        let Some((&code, list)) = self
            .segments
            .get(d.file.path.as_str())
            .and_then(|codes| codes.get_key_value(d.code.as_str()))
        else {
            return;
        };
        examined(1);
        let at = list.partition_point(|s| s.start <= d.span.start);
        let Some(segment) = at.checked_sub(1).map(|i| &list[i]) else {
            return;
        };
        if d.span.start >= segment.end {
            return;
        }
        if self.ignore {
            let allow = &self.allows[segment.last];
            d.ignored_allow = Some(allow.reason.clone().unwrap_or_default());
        } else if d.suppressed.is_none() {
            let allow = &self.allows[segment.first];
            d.suppressed = allow.reason.clone();
            self.used.insert((segment.first, code));
        }
    }

    /// What the allows themselves call for: S001 (no reason), S002 (suppressed nothing)
    /// and S004 (a code that names no rule), in the order the allows are written.
    pub fn finish(self, ran: &dyn Fn(&str) -> bool, known: &Known<'_>) -> Vec<Diagnostic> {
        let mut extra = Vec::new();
        if self.ignore {
            return extra;
        }
        for (index, allow) in self.allows.iter().enumerate() {
            if allow.reason.is_none() {
                extra.push(
                    Diagnostic::new(
                        Code::S001.code(),
                        Code::S001.name(),
                        Severity::Error,
                        &allow.file,
                        allow.span.clone(),
                        format!(
                            "this allow for {} gives no reason, so it suppresses nothing",
                            allow.codes.join(", ")
                        ),
                    )
                    .with_help(
                        "add the reason after `--`: `# cxlint: allow CODE -- why this is accepted`",
                    ),
                );
                continue;
            }
            let unused = |code: &str| {
                known.codes.contains(&code) && !self.used.contains(&(index, code)) && ran(code)
            };
            // The codes that go: the unused ones and those that can never be suppressed.
            // When every code goes, so does the comment.
            let going: Vec<bool> = allow
                .codes
                .iter()
                .map(|c| unused(c) || Code::from_code(c).is_some())
                .collect();
            let all_going = going.iter().all(|g| *g);
            for (i, goes) in going.iter().enumerate() {
                if let Some(mut d) = unknown_code(allow, i, known) {
                    if *goes {
                        d.fixes.extend(removal(allow, i, all_going));
                    }
                    extra.push(d);
                }
            }
            for (i, code) in allow.codes.iter().enumerate() {
                if unused(code) {
                    let mut d = Diagnostic::new(
                        Code::S002.code(),
                        Code::S002.name(),
                        Severity::Warning,
                        &allow.file,
                        allow.span.clone(),
                        format!("the allow for {code} suppresses nothing here"),
                    )
                    .with_help("remove the code from the allow comment, or the whole comment");
                    d.fixes.extend(removal(allow, i, all_going));
                    extra.push(d);
                }
            }
        }
        extra
    }
}

/// The fix that takes the `i`th code out of an allow comment with the separator beside
/// it, or the whole comment when `whole` (every code in it goes): its line when the
/// comment stands alone, else the comment and the blanks before it.
fn removal(allow: &Allow, i: usize, whole: bool) -> Option<Fix> {
    let text = &allow.file.text;
    let span = if whole {
        let start = allow.span.start;
        let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
        if allow.own_line {
            let end = text[allow.span.end..]
                .find('\n')
                .map_or(text.len(), |n| allow.span.end + n + 1);
            line_start..end
        } else {
            let before = text[line_start..start].trim_end().len();
            line_start + before..allow.span.end
        }
    } else {
        let spans = &allow.code_spans;
        if spans.len() != allow.codes.len() || spans.len() < 2 {
            return None;
        }
        if i + 1 < spans.len() {
            spans[i].start..spans[i + 1].start
        } else {
            spans[i - 1].end..spans[i].end
        }
    };
    let code = allow.codes.get(i)?;
    let title = if whole {
        "remove the allow comment".to_string()
    } else {
        format!("remove {code} from the allow comment")
    };
    Some(Fix::replace(title, true, span, ""))
}

/// The rule codes and group names loaded, for S004.
pub struct Known<'a> {
    pub codes: &'a [&'a str],
    pub groups: &'a [&'a str],
}

/// S004 when the `i`th code in an allow is not a loaded rule's code: a language (E) or
/// suppression (S) code, which can never be suppressed, a group name, or a typo (fixed
/// to the rule it is closest to, when one is).
fn unknown_code(allow: &Allow, i: usize, known: &Known<'_>) -> Option<Diagnostic> {
    let code = allow.codes.get(i)?.as_str();
    if known.codes.contains(&code) {
        return None;
    }
    let mut fix = None;
    let (message, help) = if let Some(c) = Code::from_code(code) {
        (
            format!(
                "{code} ({}) cannot be suppressed: cxlint always reports it",
                c.name()
            ),
            "remove it from the allow comment and fix what it reports".to_string(),
        )
    } else if known.groups.contains(&code) {
        (
            format!("`{code}` is a group of rules; an allow names the codes it accepts"),
            "list the codes of the findings you accept (`cxlint rules` lists them)".to_string(),
        )
    } else {
        let closest = crate::suggest::closest(code, known.codes.iter().copied());
        let hint = closest
            .map(|(s, _)| format!("; did you mean {s}?"))
            .unwrap_or_default();
        fix = closest
            .zip(allow.code_spans.get(i))
            .map(|((s, clear), span)| Fix::replace(format!("write {s}"), clear, span.clone(), s));
        (
            format!("the allow names {code}, which is not a rule{hint}"),
            "correct the code (`cxlint rules` lists them), or remove it".to_string(),
        )
    };
    Some(
        Diagnostic::new(
            Code::S004.code(),
            Code::S004.name(),
            Severity::Warning,
            &allow.file,
            allow.span.clone(),
            message,
        )
        .with_help(help)
        .with_fixes(fix),
    )
}

/// Apply config waivers to the rule findings of one programme. Waiver paths match the
/// finding's file relative to the configuration's directory. Expired waivers suppress
/// nothing and give S003 at the finding.
///
/// The waivers whose path matches a file are found in one match of all their patterns
/// ([`Config::waiver_paths`]) and indexed by code and block, so each finding looks only
/// at the waivers written for its code and block: the work follows the number of waivers
/// and findings, not their product.
pub fn apply_waivers(diags: &mut Vec<Diagnostic>, config: &Config, today: Date) {
    let mut waivers = Waivers::new(config, today);
    for d in diags.iter_mut() {
        waivers.apply(d);
    }
    diags.extend(waivers.finish());
}

/// Per file: (code, block or none) -> the waivers for it, in the order written.
type ByKey = Map<(String, Option<String>), Vec<usize>>;

/// The waivers of a configuration, applied to findings one at a time as they are made.
pub struct Waivers<'a> {
    config: &'a Config,
    today: Date,
    paths: &'a crate::config::WaiverPaths,
    by_file: Map<String, Option<ByKey>>,
    /// S003 for the findings an expired waiver no longer suppresses.
    extra: Vec<Diagnostic>,
}

impl<'a> Waivers<'a> {
    pub fn new(config: &'a Config, today: Date) -> Waivers<'a> {
        Waivers {
            config,
            today,
            paths: config.waiver_paths(),
            by_file: Map::default(),
            extra: Vec::new(),
        }
    }

    /// Suppress `d` when a waiver in force names it; note an expired one (S003).
    pub fn apply(&mut self, d: &mut Diagnostic) {
        if self.config.waivers.is_empty()
            || d.suppressed.is_some()
            || Code::from_code(&d.code).is_some()
        {
            return;
        }
        let (config, today, paths) = (self.config, self.today, self.paths);
        let extra = &mut self.extra;
        let by_file = &mut self.by_file;
        if !by_file.contains_key(d.file.path.as_str()) {
            let found = (|| {
                let rel = config.relative(Path::new(&d.file.path))?;
                let mut matching: Vec<usize> = paths
                    .set
                    .matches(&rel)
                    .into_iter()
                    .map(|g| paths.owner[g])
                    .collect();
                matching.sort_unstable();
                matching.dedup();
                examined(matching.len());
                let mut by_key = ByKey::default();
                for i in matching {
                    let w = &config.waivers[i];
                    by_key
                        .entry((w.code.clone(), w.block.clone()))
                        .or_default()
                        .push(i);
                }
                Some(by_key)
            })();
            by_file.insert(d.file.path.clone(), found);
        }
        let Some(Some(by_key)) = by_file.get(d.file.path.as_str()) else {
            return;
        };
        let mut candidates: Vec<usize> = Vec::new();
        let keys = [
            (d.code.to_string(), d.block.clone()),
            (d.code.to_string(), None),
        ];
        for key in keys.iter().take(if d.block.is_some() { 2 } else { 1 }) {
            if let Some(list) = by_key.get(key) {
                candidates.extend(list);
            }
        }
        candidates.sort_unstable();
        examined(candidates.len());
        // A waiver still in force wins over an expired one for the same finding, whatever
        // their order in the file.
        let mut expired = None;
        let mut in_force = None;
        for w in candidates.into_iter().map(|i| &config.waivers[i]) {
            match w.expires {
                Some(exp) if exp < today => {
                    expired.get_or_insert(w);
                }
                _ => {
                    in_force.get_or_insert(w);
                }
            }
        }
        if let Some(w) = in_force {
            d.suppressed = Some(w.reason.clone());
        } else if let Some(w) = expired {
            let exp = w.expires.map(|e| e.to_string()).unwrap_or_default();
            extra.push(
                Diagnostic::new(
                    Code::S003.code(),
                    Code::S003.name(),
                    Severity::Warning,
                    &d.file,
                    d.span.clone(),
                    format!(
                        "the waiver for {} on {} expired on {exp}, so it no longer suppresses this finding",
                        w.code, w.path_text
                    ),
                )
                .with_help(
                    "renew the waiver with a new reason and date in cxlint.yaml, or fix the finding",
                ),
            );
        }
    }

    /// The S003 diagnostics, in the order of the findings they are about.
    pub fn finish(self) -> Vec<Diagnostic> {
        self.extra
    }
}
