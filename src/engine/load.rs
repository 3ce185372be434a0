//! Reading and compiling rule packs: YAML into rule files, names and types checked,
//! expressions compiled. All problems of a pack are collected before it is refused.
//!
//! Over 600 lines on purpose: loading a pack is one pass with shared state (names, types,
//! definitions, the error list) from YAML to compiled rules; splitting it would pass that
//! state across files.

use crate::Map;
use std::path::Path;
use std::sync::Arc;

use crate::codes::InputCode;
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::file::{DefinitionsFile, RuleFile, Text};
use crate::engine::{CompiledCheck, CompiledRule, ParamMeta, RuleMeta, RuleSet};
use crate::limits::{Bounded, Limits};
use crate::rulelang::ast::{self, Expr, ExprKind, Pos};
use crate::rulelang::check::{Checker, Definition, Globals, ParamInfo};
use crate::rulelang::ir::{Compiled, Hoister};
use crate::rulelang::suggest::did_you_mean;
use crate::rulelang::types::Ty;
use crate::rulelang::val::Val;
use crate::rulelang::{align, parse_template, Piece};
use crate::schema;
use crate::source::SourceFile;

/// Every `*.yaml`/`*.yml` file under `dir`, sorted by path, as (display path, text).
pub fn read_dir(dir: &Path, limits: &Limits) -> Result<Vec<(String, String)>, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let problem = |path: &str, message: String| {
        let file = SourceFile::new(path, "");
        Diagnostic::input(InputCode::Rule, &file, 0..0, message)
    };
    if !dir.is_dir() {
        let shown = dir.display().to_string();
        return Err(vec![problem(
            &shown,
            format!("the rule folder `{shown}` does not exist"),
        )]);
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                errors.push(problem(
                    &dir.display().to_string(),
                    format!("cannot read the rule folder: {e}"),
                ));
                continue;
            }
        };
        let path = entry.path();
        let is_yaml = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        );
        if !entry.file_type().is_file() || !is_yaml {
            continue;
        }
        let shown = path.display().to_string();
        match crate::limits::read_bounded(path, limits.yaml_size) {
            Ok(Bounded::TooLarge(size)) => errors.push(problem(&shown, too_large(size, limits))),
            Ok(Bounded::Read(bytes)) => match String::from_utf8(bytes) {
                Ok(text) => files.push((shown, text.trim_start_matches('\u{feff}').to_string())),
                Err(_) => errors.push(problem(
                    &shown,
                    "the rule file is not UTF-8 text".to_string(),
                )),
            },
            Err(e) => errors.push(problem(&shown, format!("cannot read the rule file: {e}"))),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

/// A rule file larger than `limits.yaml_size`.
fn too_large(size: u64, limits: &Limits) -> String {
    format!(
        "the rule file is {}, more than the {} limit; it was not read (raise limits.yaml_size in cxlint.yaml, at most {})",
        crate::limits::size(size),
        crate::limits::size(limits.yaml_size),
        crate::limits::size(crate::limits::YAML_SIZE.ceiling)
    )
}

fn is_definitions(path: &str) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    name == "definitions.yaml" || name == "definitions.yml"
}

fn offset_of(file: &SourceFile, t: &Text) -> usize {
    if let Some(b) = t.referenced.span().byte_offset() {
        let mut at = (b as usize).min(file.text.len());
        while !file.text.is_char_boundary(at) {
            at -= 1;
        }
        return at;
    }
    let line = t.referenced.line() as usize;
    let column = t.referenced.column() as usize;
    if line == 0 {
        return 0;
    }
    crate::yaml::location_span(file, line, column).start
}

/// A diagnostic about a rule file.
fn error(
    file: &Arc<SourceFile>,
    span: std::ops::Range<usize>,
    message: impl Into<String>,
) -> Diagnostic {
    Diagnostic::input(InputCode::Rule, file, span, message)
}

/// The span of a YAML value (its first line).
fn text_span(file: &SourceFile, t: &Text) -> std::ops::Range<usize> {
    let start = offset_of(file, t);
    let rest = &file.text[start..];
    let len = rest.find('\n').unwrap_or(rest.len());
    let len = if len == 0 {
        rest.chars().next().map_or(0, char::len_utf8)
    } else {
        len
    };
    start..start + len
}

struct Parsed {
    src: usize,
    file: Arc<SourceFile>,
}

impl Parsed {
    /// Parse an expression written in a YAML value.
    fn expr(&self, t: &Text) -> Result<Expr, Box<Diagnostic>> {
        let start = offset_of(&self.file, t);
        let map = align(&t.value, &self.file.text, start);
        let at = |o: usize| map.get(o).copied().unwrap_or(start);
        ast::parse(&t.value, self.src, &at).map_err(|e| self.syntax(&map, e))
    }

    fn template(&self, t: &Text) -> Result<Vec<Piece<Expr>>, Box<Diagnostic>> {
        let start = offset_of(&self.file, t);
        let map = align(&t.value, &self.file.text, start);
        let result = parse_template(&t.value, |sub, off| {
            let at = |o: usize| map.get(off + o).copied().unwrap_or(start);
            ast::parse(sub, self.src, &at).map_err(|mut e| {
                e.offset += off;
                e
            })
        });
        result.map_err(|e| self.syntax(&map, e))
    }

    fn syntax(&self, map: &[usize], e: ast::SyntaxError) -> Box<Diagnostic> {
        let at = map
            .get(e.offset)
            .copied()
            .or(map.last().copied())
            .unwrap_or(0);
        let text = &self.file.text;
        let mut at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
        Box::new(error(
            &self.file,
            at..end,
            format!("this expression cannot be read: {}", e.message),
        ))
    }
}

struct PendingRule {
    parsed: Parsed,
    rule: RuleFile,
    meta: RuleMeta,
    param_types: Vec<(String, Ty)>,
    defaults: Vec<Val>,
    default_spans: Vec<std::ops::Range<usize>>,
    examples_currency: Option<String>,
}

/// Load `files` on top of `base`; the new set, or every problem found.
pub fn load(
    base: &RuleSet,
    files: Vec<(String, String)>,
    limits: &Limits,
) -> Result<RuleSet, Vec<Diagnostic>> {
    let mut set = base.clone();
    let mut errors = Vec::new();
    let mut definitions: Map<String, Definition> = (*base.definitions).clone();
    let mut score_texts: Vec<(String, Text, usize)> = Vec::new();
    let mut new_defs: Vec<String> = Vec::new();
    let mut pending: Vec<PendingRule> = Vec::new();
    for (path, text) in files {
        let file = SourceFile::new(path.clone(), text);
        set.sources.push(file.clone());
        let parsed = Parsed {
            src: set.sources.len() - 1,
            file: file.clone(),
        };
        if is_definitions(&path) {
            match crate::yaml::from_str_with::<DefinitionsFile>(&file, limits) {
                Ok(d) => read_definitions(
                    &parsed,
                    d,
                    &mut definitions,
                    &mut new_defs,
                    &mut score_texts,
                    &mut errors,
                ),
                Err(e) => errors.push(*e),
            }
            continue;
        }
        match crate::yaml::from_str_with::<RuleFile>(&file, limits) {
            Ok(rule) => {
                if let Some(p) = read_rule(parsed, rule, &set, &pending, &mut errors) {
                    pending.push(p);
                }
            }
            Err(e) => errors.push(*e),
        }
    }

    // `CODE.param` sees every rule loaded so far and in this pack.
    let base_count = set.compiled.len();
    let mut known: Vec<(String, Vec<(String, Ty)>)> = set
        .compiled
        .iter()
        .map(|r| (r.meta.code.clone(), r.param_types.clone()))
        .collect();
    known.extend(
        pending
            .iter()
            .map(|p| (p.meta.code.clone(), p.param_types.clone())),
    );
    let other_param = |code: &str, name: &str| -> Result<ParamInfo, String> {
        let Some(rule) = known.iter().position(|(c, _)| c == code) else {
            let codes: Vec<&str> = known.iter().map(|(c, _)| c.as_str()).collect();
            let hint = did_you_mean(code, codes.into_iter())
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            return Err(format!("there is no rule `{code}`{hint}"));
        };
        let params = &known[rule].1;
        match params.iter().position(|(n, _)| n == name) {
            Some(index) => Ok(ParamInfo {
                rule,
                index,
                ty: params[index].1.clone(),
            }),
            None => {
                let hint = did_you_mean(name, params.iter().map(|(n, _)| n.as_str()))
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                Err(format!("{code} has no parameter `{name}`{hint}"))
            }
        }
    };
    let sources = set.sources.clone();

    // The scorecard and definitions without parameters are checked on their own; those
    // with parameters where they are used.
    let mut scorecard: Vec<Compiled> = (*set.scorecard).clone();
    let mut score_titles: Vec<String> = (*set.score_titles).clone();
    {
        let globals = Globals {
            sources: &sources,
            definitions: &definitions,
            other_param: &other_param,
            scorecard: false,
        };
        for (title, made, src) in &score_texts {
            let parsed = Parsed {
                src: *src,
                file: sources[*src].clone(),
            };
            let expr = match parsed.expr(made) {
                Ok(e) => e,
                Err(d) => {
                    errors.push(*d);
                    continue;
                }
            };
            let mut checker = Checker::new(&globals, &[], None);
            if let Some(mut ir) = checker.condition(&expr) {
                score_titles.push(title.clone());
                // Parts the same for every item of a list are computed once.
                let mut hoister = Hoister::new(checker.slots());
                hoister.hoist(&mut ir, &mut Vec::new(), false);
                scorecard.push(Compiled {
                    ir,
                    slots: hoister.next,
                    lifted: hoister.lifted,
                });
            }
            errors.append(&mut checker.errors);
        }
        let globals = Globals {
            scorecard: true,
            ..globals
        };
        for name in &new_defs {
            let Some(def) = definitions.get(name) else {
                continue;
            };
            if !def.params.is_empty() {
                continue;
            }
            if let Some(body) = &def.body {
                let mut checker = Checker::new(&globals, &[], None);
                checker.value(body);
                errors.append(&mut checker.errors);
            }
        }
    }

    let globals = Globals {
        sources: &sources,
        definitions: &definitions,
        other_param: &other_param,
        scorecard: true,
    };
    let mut compiled = Vec::new();
    for p in pending {
        let checks = compile_checks(&p, &globals, &mut errors);
        compiled.push(CompiledRule {
            meta: p.meta,
            param_types: p.param_types,
            defaults: p.defaults,
            checks,
            default_spans: p.default_spans,
            examples_currency: p.examples_currency,
            bad: p
                .rule
                .examples
                .bad
                .iter()
                .map(|t| t.value.clone())
                .collect(),
            good: p
                .rule
                .examples
                .good
                .iter()
                .map(|t| t.value.clone())
                .collect(),
        });
    }
    if !errors.is_empty() {
        crate::diagnostic::sort(&mut errors);
        return Err(errors);
    }
    debug_assert_eq!(set.compiled.len(), base_count);
    for rule in compiled {
        set.rules.push(rule.meta.clone());
        set.compiled.push(Arc::new(rule));
    }
    set.rules.sort_by(|a, b| a.code.cmp(&b.code));
    set.definitions = Arc::new(definitions);
    set.scorecard = Arc::new(scorecard);
    set.score_titles = Arc::new(score_titles);
    Ok(set)
}

fn read_definitions(
    parsed: &Parsed,
    file: DefinitionsFile,
    definitions: &mut Map<String, Definition>,
    new_defs: &mut Vec<String>,
    score_texts: &mut Vec<(String, Text, usize)>,
    errors: &mut Vec<Diagnostic>,
) {
    for (key, body) in &file.definitions.0 {
        let key_span = text_span(&parsed.file, key);
        let Some((name, params)) = definition_head(&key.value) else {
            errors.push(
                error(&parsed.file, key_span, format!("`{}` is not a definition name", key.value))
                    .with_help("write a name such as `choice_identity`, or `class_weight(plan, class)` with parameters"),
            );
            continue;
        };
        if definitions.contains_key(&name) {
            errors.push(error(
                &parsed.file,
                key_span,
                format!("`{name}` is defined twice"),
            ));
            continue;
        }
        if is_reserved(&name) || is_function(&name) {
            errors.push(error(
                &parsed.file,
                key_span,
                format!("`{name}` is a reserved name"),
            ));
            continue;
        }
        let expr = match parsed.expr(body) {
            Ok(e) => Some(e),
            Err(d) => {
                errors.push(*d);
                None
            }
        };
        let pos = Pos {
            src: parsed.src,
            span: key_span,
        };
        new_defs.push(name.clone());
        definitions.insert(
            name.clone(),
            Definition {
                name,
                params,
                body: expr,
                pos,
            },
        );
    }
    for entry in file.scorecard {
        score_texts.push((entry.title, entry.made, parsed.src));
    }
}

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some('a'..='z'))
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Names that always mean something else (`let`s and parameters may not take them).
fn is_reserved(name: &str) -> bool {
    crate::rulelang::check::RESERVED.contains(&name) || matches!(name, "and" | "or" | "not" | "in")
}

/// Function names: a definition may not take one (calls would be ambiguous).
fn is_function(name: &str) -> bool {
    crate::rulelang::check::FUNCTIONS.contains(&name)
}

/// `name` or `name(a, b)`.
fn definition_head(key: &str) -> Option<(String, Vec<String>)> {
    let key = key.trim();
    match key.split_once('(') {
        None => is_ident(key).then(|| (key.to_string(), Vec::new())),
        Some((name, rest)) => {
            let inner = rest.trim().strip_suffix(')')?;
            let params: Vec<String> = inner.split(',').map(|p| p.trim().to_string()).collect();
            let name = name.trim();
            let ok = is_ident(name) && params.iter().all(|p| is_ident(p) && !is_reserved(p));
            let mut unique = params.clone();
            unique.sort();
            unique.dedup();
            (ok && unique.len() == params.len()).then(|| (name.to_string(), params))
        }
    }
}

fn read_rule(
    parsed: Parsed,
    rule: RuleFile,
    set: &RuleSet,
    pending: &[PendingRule],
    errors: &mut Vec<Diagnostic>,
) -> Option<PendingRule> {
    let file = parsed.file.clone();
    let before = errors.len();
    let code = rule.code.value.trim().to_string();
    let code_span = text_span(&file, &rule.code);
    let code_ok = {
        let letters = code.trim_end_matches(|c: char| c.is_ascii_digit());
        !letters.is_empty()
            && letters.len() < code.len()
            && letters.chars().all(|c| c.is_ascii_uppercase())
    };
    if !code_ok {
        errors.push(
            error(
                &file,
                code_span.clone(),
                format!("`{code}` is not a rule code"),
            )
            .with_help("a code is capital letters then digits, such as `PX01`"),
        );
    } else if crate::codes::Code::from_code(&code).is_some() {
        errors.push(error(
            &file,
            code_span.clone(),
            format!("`{code}` is one of cxlint's own codes"),
        ));
    } else if let Some(other) = set
        .compiled
        .iter()
        .map(|r| r.meta.source.clone())
        .chain(pending.iter().map(|p| p.meta.source.clone()))
        .zip(
            set.compiled
                .iter()
                .map(|r| r.meta.code.clone())
                .chain(pending.iter().map(|p| p.meta.code.clone())),
        )
        .find(|(_, c)| *c == code)
        .map(|(s, _)| s)
    {
        errors.push(error(
            &file,
            code_span.clone(),
            format!("the code `{code}` is already used by {other}"),
        ));
    }
    let name = rule.name.value.trim().to_string();
    let kebab = !name.is_empty()
        && name.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
        && name.starts_with(|c: char| c.is_ascii_lowercase());
    if !kebab {
        errors.push(
            error(
                &file,
                text_span(&file, &rule.name),
                format!("`{name}` is not a kebab-case name"),
            )
            .with_help("write the name in lower case with hyphens, such as `reap-what-you-sow`"),
        );
    }
    let group = rule.group.value.trim().to_string();
    if group.is_empty()
        || !group
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    {
        errors.push(
            error(
                &file,
                text_span(&file, &rule.group),
                format!("`{group}` is not a group name"),
            )
            .with_help("a group is a lower-case word, such as `fatal` or `policy`"),
        );
    }
    let severity = Severity::parse(rule.severity.value.trim());
    if severity.is_none() {
        let help = did_you_mean(
            rule.severity.value.trim(),
            ["error", "warning", "info"].into_iter(),
        )
        .map(|s| format!("did you mean `{s}`?"))
        .unwrap_or_else(|| "write error, warning or info".to_string());
        errors.push(
            error(
                &file,
                text_span(&file, &rule.severity),
                format!("`{}` is not a severity", rule.severity.value),
            )
            .with_help(help),
        );
    }
    if code_ok && kebab {
        let stem = file.path.rsplit(['/', '\\']).next().unwrap_or(&file.path);
        let stem = stem.trim_end_matches(".yaml").trim_end_matches(".yml");
        let want = format!("{code}-{name}");
        if stem != want {
            errors.push(error(
                &file,
                code_span.clone(),
                format!("the file of rule {code} must be called `{want}.yaml`"),
            ));
        }
    }
    if rule.checks.is_empty() {
        errors.push(error(
            &file,
            code_span.clone(),
            format!("rule {code} has no checks"),
        ));
    }
    let mut param_types = Vec::new();
    let mut defaults = Vec::new();
    let mut params = Vec::new();
    let mut default_spans = Vec::new();
    for (key, p) in &rule.params.0 {
        let pname = key.value.trim().to_string();
        if param_types.iter().any(|(n, _): &(String, Ty)| *n == pname) {
            errors.push(error(
                &file,
                text_span(&file, key),
                format!("the parameter `{pname}` is given twice"),
            ));
            continue;
        }
        if !is_ident(&pname) || is_reserved(&pname) {
            errors.push(error(
                &file,
                text_span(&file, key),
                format!("`{pname}` cannot be a parameter name"),
            ));
            continue;
        }
        let Some(ty) = Ty::of_param(p.ty.value.trim()) else {
            let names = Ty::PARAM_TYPES;
            let help = did_you_mean(p.ty.value.trim(), names.into_iter())
                .map(|s| format!("did you mean `{s}`?"))
                .unwrap_or_else(|| format!("the types are: {}", names.join(", ")));
            errors.push(
                error(
                    &file,
                    text_span(&file, &p.ty),
                    format!("`{}` is not a parameter type", p.ty.value),
                )
                .with_help(help),
            );
            continue;
        };
        match param_value(&ty, &p.default.value) {
            Ok(v) => defaults.push(v),
            Err(message) => {
                errors.push(error(
                    &file,
                    text_span(&file, &p.default),
                    format!("the default of `{pname}`: {message}"),
                ));
                continue;
            }
        }
        default_spans.push(text_span(&file, &p.default));
        params.push(ParamMeta {
            name: pname.clone(),
            ty: p.ty.value.trim().to_string(),
            default: p.default.value.trim().to_string(),
            doc: p.doc.trim().to_string(),
        });
        param_types.push((pname, ty));
    }
    let examples_currency = match &rule.examples.currency {
        None => None,
        Some(c) => {
            let text = c.value.trim();
            if text.len() == 3 && text.bytes().all(|b| b.is_ascii_uppercase()) {
                Some(text.to_string())
            } else {
                let help = if text.len() == 3 && text.chars().all(|c| c.is_ascii_alphabetic()) {
                    format!(
                        "write it in capitals: `currency: {}`",
                        text.to_ascii_uppercase()
                    )
                } else {
                    "write a three-letter currency code such as `currency: GBP`".to_string()
                };
                errors.push(
                    error(
                        &file,
                        text_span(&file, c),
                        format!("`{text}` is not a currency code for the examples"),
                    )
                    .with_help(help),
                );
                None
            }
        }
    };
    if errors.len() > before {
        return None;
    }
    let meta = RuleMeta {
        code,
        name,
        group,
        severity: severity.unwrap_or(Severity::Warning),
        summary: rule.summary.trim().to_string(),
        help: rule.help.trim().to_string(),
        explain: rule.explain.clone(),
        params,
        source: file.path.clone(),
    };
    Some(PendingRule {
        parsed,
        rule,
        meta,
        param_types,
        defaults,
        default_spans,
        examples_currency,
    })
}

fn compile_checks(
    p: &PendingRule,
    globals: &Globals<'_>,
    errors: &mut Vec<Diagnostic>,
) -> Vec<CompiledCheck> {
    let mut out = Vec::new();
    for check in &p.rule.checks {
        let kind = match &check.for_kind {
            None => None,
            Some(k) => match schema::block(k.value.trim()) {
                Some(b) => Some(b.kind),
                None => {
                    let help = did_you_mean(k.value.trim(), schema::kinds())
                        .map(|s| format!("did you mean `{s}`?"))
                        .unwrap_or_else(|| {
                            format!(
                                "the block kinds are: {}",
                                schema::kinds().collect::<Vec<_>>().join(", ")
                            )
                        });
                    errors.push(
                        error(
                            &p.parsed.file,
                            text_span(&p.parsed.file, k),
                            format!("`{}` is not a block kind", k.value),
                        )
                        .with_help(help),
                    );
                    continue;
                }
            },
        };
        let mut checker = Checker::new(globals, &p.param_types, Some(kind.unwrap_or("programme")));
        let mut lets = Vec::new();
        let mut ok = true;
        let mut seen: Vec<&str> = Vec::new();
        for (name, text) in &check.lets.0 {
            let n = name.value.trim();
            if seen.contains(&n) {
                errors.push(error(
                    &p.parsed.file,
                    text_span(&p.parsed.file, name),
                    format!("`{n}` is given twice in this `let`"),
                ));
                ok = false;
                continue;
            }
            seen.push(n);
            if !is_ident(n) || is_reserved(n) {
                errors.push(error(
                    &p.parsed.file,
                    text_span(&p.parsed.file, name),
                    format!("`{n}` cannot be a `let` name"),
                ));
                ok = false;
                continue;
            }
            match p.parsed.expr(text) {
                Ok(e) => match checker.value(&e) {
                    Some((ir, ty)) => {
                        let slot = checker.bind_let(n, ty);
                        lets.push((slot, ir));
                    }
                    None => {
                        checker.bind_let(n, Ty::Any);
                        ok = false;
                    }
                },
                Err(d) => {
                    errors.push(*d);
                    checker.bind_let(n, Ty::Any);
                    ok = false;
                }
            }
        }
        let when = match p.parsed.expr(&check.when) {
            Ok(e) => checker.condition(&e),
            Err(d) => {
                errors.push(*d);
                None
            }
        };
        let at = match &check.at {
            None => Some(None),
            Some(t) => match p.parsed.expr(t) {
                Ok(e) => checker.location(&e).map(Some),
                Err(d) => {
                    errors.push(*d);
                    None
                }
            },
        };
        let mut message = Vec::new();
        match p.parsed.template(&check.message) {
            Ok(pieces) => {
                for piece in pieces {
                    match piece {
                        Piece::Text(t) => message.push(Piece::Text(t)),
                        Piece::Expr(e) => match checker.value(&e) {
                            Some((ir, _)) => message.push(Piece::Expr(ir)),
                            None => ok = false,
                        },
                    }
                }
            }
            Err(d) => {
                errors.push(*d);
                ok = false;
            }
        }
        errors.append(&mut checker.errors);
        if let (true, Some(mut when), Some(at)) = (ok, when, at) {
            // `let`s that do not depend on `self` are computed once per programme, and
            // so is every part of the others and of `when` that does not (see Hoister).
            let mut hoister = Hoister::new(checker.slots());
            let mut varying = Vec::new();
            let mut fixed_lets = Vec::new();
            let mut self_lets = Vec::new();
            for (slot, mut ir) in lets {
                if ir.varies(&varying) {
                    varying.push(slot);
                    self_lets.push((slot, ir));
                } else {
                    hoister.hoist(&mut ir, &mut varying, false);
                    fixed_lets.append(&mut hoister.lifted);
                    fixed_lets.push((slot, ir));
                }
            }
            let repeated = kind.is_some();
            for (_, ir) in &mut self_lets {
                hoister.hoist(ir, &mut varying, repeated);
            }
            hoister.hoist(&mut when, &mut varying, repeated);
            fixed_lets.append(&mut hoister.lifted);
            out.push(CompiledCheck {
                for_kind: kind,
                fixed_lets,
                lets: self_lets,
                when,
                at,
                message,
                slots: hoister.next,
                help: check
                    .help
                    .as_ref()
                    .map(|h| h.trim().to_string())
                    .filter(|h| !h.is_empty()),
            });
        }
    }
    out
}

/// A parameter value written as in a `.cxp` file, checked against the parameter's type.
pub fn param_value(ty: &Ty, text: &str) -> Result<Val, String> {
    let text = text.trim();
    let example = match ty {
        Ty::Num => "a number such as `2.0`",
        Ty::Pct => "a percentage such as `25%`",
        Ty::Money => "an amount such as `300k USD`",
        Ty::Dur => "a duration such as `24 months`",
        Ty::Date => "a date such as `2027-03-15`",
        Ty::Str => "a text",
        Ty::Bool => "yes or no",
        _ => "a value",
    };
    let wrong = || format!("expected {example}, found `{text}`");
    if *ty == Ty::Str && !text.starts_with('"') {
        return Ok(Val::Str(text.into()));
    }
    if *ty == Ty::Bool {
        return ast::parse_bool(text).map(Val::Bool).ok_or_else(wrong);
    }
    let expr = ast::parse_literal(text).map_err(|_| wrong())?;
    let (negative, kind) = match expr.kind {
        ExprKind::Neg(inner) => (true, inner.kind),
        other => (false, other),
    };
    let v = match (ty, kind) {
        (Ty::Num, ExprKind::Num(n)) => Val::Num(n),
        (Ty::Pct, ExprKind::Pct(n)) => Val::Pct(n),
        (Ty::Money, ExprKind::Money(a, c)) => Val::Money(a, c.into()),
        (Ty::Dur, ExprKind::Dur(d)) => Val::Dur(d),
        (Ty::Date, ExprKind::Date(d)) if !negative => Val::Date(d),
        (Ty::Str, ExprKind::Str(s)) if !negative => Val::Str(s.into()),
        _ => return Err(wrong()),
    };
    Ok(if negative {
        crate::rulelang::eval::arith(
            crate::rulelang::ast::BinOp::Mul,
            &v,
            &Val::Num(crate::value::Decimal::NEGATIVE_ONE),
        )
    } else {
        v
    })
}
