//! The rule language: expressions over the model, parsed with its own pest grammar
//! (`grammar/rule.pest`), type-checked against the schema when rule files load,
//! evaluated per programme. docs/rule-language.md describes it for rule authors.

pub mod ast;
pub mod check;
pub mod eval;
pub mod ir;
pub mod serial;
pub mod suggest;
pub mod types;
pub mod val;

use crate::rulelang::ast::{Expr, SyntaxError};

/// A piece of a message template: text, or an expression in `{…}`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum Piece<T> {
    Text(String),
    Expr(T),
}

/// Split a message template into text and `{expression}` pieces (`{{` and `}}` are
/// literal braces). Expressions are parsed with `parse_at(text, offset_in_template)`.
pub fn parse_template(
    template: &str,
    mut parse_at: impl FnMut(&str, usize) -> Result<Expr, SyntaxError>,
) -> Result<Vec<Piece<Expr>>, SyntaxError> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let bytes = template.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'{' && bytes.get(i + 1) == Some(&b'{') {
            text.push('{');
            i += 2;
            continue;
        }
        if c == b'}' && bytes.get(i + 1) == Some(&b'}') {
            text.push('}');
            i += 2;
            continue;
        }
        if c == b'}' {
            return Err(SyntaxError {
                offset: i,
                message: "a `}` without its `{` (write `}}` for a brace)".to_string(),
            });
        }
        if c == b'{' {
            let start = i + 1;
            let mut j = start;
            let mut in_string = false;
            while j < bytes.len() {
                match bytes[j] {
                    b'\\' if in_string => j += 1,
                    b'"' => in_string = !in_string,
                    b'}' if !in_string => break,
                    _ => {}
                }
                j += 1;
            }
            if j >= bytes.len() {
                return Err(SyntaxError {
                    offset: i,
                    message: "a `{` without its `}` (write `{{` for a brace)".to_string(),
                });
            }
            if !text.is_empty() {
                pieces.push(Piece::Text(std::mem::take(&mut text)));
            }
            pieces.push(Piece::Expr(parse_at(&template[start..j], start)?));
            i = j + 1;
            continue;
        }
        let ch = template[i..].chars().next().unwrap_or(' ');
        text.push(ch);
        i += ch.len_utf8();
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Ok(pieces)
}

/// Where each byte of a YAML scalar's value sits in the file: the value's characters
/// are matched in order against the file from the scalar's start, skipping what YAML
/// adds around them (quotes, doubled quotes, indentation of block scalars). Offsets past
/// the last match map to the end of the scalar.
pub fn align(value: &str, file_text: &str, start: usize) -> Vec<usize> {
    let mut map = Vec::with_capacity(value.len() + 1);
    let file = file_text.as_bytes();
    let mut pos = start.min(file.len());
    // A block scalar's text starts on the line after its indicator.
    if matches!(file.get(pos), Some(b'|') | Some(b'>')) {
        while pos < file.len() && file[pos] != b'\n' {
            pos += 1;
        }
    }
    let limit = (pos + value.len() * 2 + 4096).min(file.len());
    let mut last = pos;
    for ch in value.chars() {
        let mut buf = [0u8; 4];
        let enc = ch.encode_utf8(&mut buf).as_bytes();
        let mut found = None;
        let mut p = pos;
        while p + enc.len() <= limit {
            if &file[p..p + enc.len()] == enc {
                found = Some(p);
                break;
            }
            // Only skip what YAML itself adds.
            if !matches!(
                file[p],
                b' ' | b'\t' | b'\n' | b'\r' | b'\'' | b'"' | b'|' | b'>' | b'-' | b'+'
            ) {
                break;
            }
            p += 1;
        }
        let at = found.unwrap_or(last);
        map.resize(map.len() + ch.len_utf8(), at);
        if found.is_some() {
            pos = at + enc.len();
            last = pos;
        }
    }
    map.push(last);
    map
}
