//! Labels: a labelled block has one, an unlabelled one none (E010, E002), and no two
//! blocks of a kind under one parent share a label, written the same, equal after NFC
//! normalisation, or looking the same (E005, confusable skeletons of UTS #39).

use super::walk::*;
use super::*;

impl Builder<'_> {
    pub(super) fn check_label(
        &mut self,
        b: &ast::Block,
        file: usize,
        schema: &'static BlockSchema,
        id: NodeId,
        parent: NodeId,
    ) {
        let words = || schema::kind_words(schema.kind);
        match (&b.label, schema.labelled) {
            (None, true) => self.error(
                Code::E010,
                file,
                b.header.clone(),
                id,
                format!("this {} has no name", words()),
                Some(format!("name it: `{} \"Name\" {{ … }}`", schema.kind)),
            ),
            (Some(l), false) => self.error(
                Code::E002,
                file,
                l.span.clone(),
                id,
                format!(
                    "{} {} block takes no name",
                    schema::article(&words()),
                    words()
                ),
                Some(format!("write `{} {{ … }}`", schema.kind)),
            ),
            (Some(l), true) => {
                // Labels equal after NFC normalisation are one label; labels with the same
                // confusable skeleton (UTS #39) look the same and are refused too. One map
                // keyed by the skeleton finds both: labels equal after NFC have one
                // skeleton, so the first block of a skeleton is the first of the same
                // label too, if its label is this one.
                use std::collections::hash_map::Entry;
                let key = (parent, schema.kind, label_key(&l.value));
                let (same, alike) = match self.labels.entry(key) {
                    Entry::Vacant(v) => {
                        // A label new in both ways is the block's own from now on.
                        v.insert(id);
                        (None, None)
                    }
                    Entry::Occupied(o) => {
                        let first = *o.get();
                        let written = self.nodes[first].label.as_deref().unwrap_or_default();
                        (same_label(written, &l.value).then_some(first), Some(first))
                    }
                };
                // The first of the same name (or of one that looks the same).
                if let Some(first) = same.or(alike) {
                    // Where it stands, for the message: "(line 4 in org.cxp)".
                    let loc = self.nodes[first].header.clone();
                    let (line, place) = (self.line_of(&loc), self.place(&loc, file));
                    let (message, help) = if same.is_none() {
                        let shown = self.nodes[first].label.clone().unwrap_or_default();
                        (
                            format!(
                                "\"{}\" looks the same as the {} called \"{}\" (line {line}{place}) but is written with other characters",
                                crate::output::plain(&l.value),
                                words(),
                                crate::output::plain(&shown)
                            ),
                            format!(
                                "if they are one {w}, write its name the same way in both places; if not, give each {w} a name that looks different",
                                w = words()
                            ),
                        )
                    } else {
                        let within = if schema.kind == "metric" {
                            " in this pay plan"
                        } else {
                            ""
                        };
                        (
                            format!(
                                "there is already a {} called \"{}\"{within} (line {line}{place})",
                                words(),
                                l.value
                            ),
                            format!("give each {} its own name", words()),
                        )
                    };
                    self.error(Code::E005, file, b.header.clone(), id, message, Some(help));
                }
            }
            (None, false) => {}
        }
        if let Some(max) = schema.max {
            if parent != usize::MAX {
                let count = self.counts.entry((parent, schema.kind)).or_default();
                *count += 1;
                if *count > max {
                    self.error(
                        Code::E005,
                        file,
                        b.header.clone(),
                        id,
                        format!(
                            "a programme holds at most one {} block; this is another",
                            words()
                        ),
                        Some(format!("merge the {} blocks into one", words())),
                    );
                }
            }
        }
    }
}

/// A label in Unicode normal form C: the same text however it was composed.
pub(super) fn nfc(label: &str) -> Text {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    // Most labels are already in form C (every ASCII one is): no need to rebuild them.
    if label.is_ascii() || is_nfc_quick(label.chars()) == IsNormalized::Yes {
        return label.into();
    }
    label.nfc().collect()
}

/// Whether two labels are one label: equal after NFC normalisation.
pub(super) fn same_label(a: &str, b: &str) -> bool {
    a == b || (!(a.is_ascii() && b.is_ascii()) && nfc(a) == nfc(b))
}

/// What labelled blocks are found by (see [`super::walk::Labels`]): the confusable
/// skeleton of the label in NFC, the same for labels equal after NFC normalisation and
/// for labels that look the same.
pub(super) fn label_key(label: &str) -> Text {
    if label.is_ascii() {
        // ASCII is in form C already.
        return ascii_skeleton(label);
    }
    skeleton(&nfc(label))
}

/// The confusable skeleton of a label (UTS #39): two labels with the same skeleton look
/// the same on screen.
pub(super) fn skeleton(label: &str) -> Text {
    if !label.is_ascii() {
        return unicode_security::skeleton(label).collect();
    }
    ascii_skeleton(label)
}

/// [`skeleton`] of an ASCII label.
fn ascii_skeleton(label: &str) -> Text {
    // Normalisation leaves ASCII as it is, so the skeleton of an ASCII label is its
    // characters' skeletons one after the other: looked up, not decomposed. Most ASCII
    // characters are their own skeleton; the others but `%` have one or two ASCII
    // characters as theirs.
    let table = ascii_skeletons();
    if !label.bytes().any(|b| table.changed & (1u128 << b) != 0) {
        return label.into();
    }
    let mut buf = [0u8; 64];
    let mut len = 0;
    for b in label.bytes() {
        let [first, second] = table.short[usize::from(b)];
        match buf.get_mut(len..len + 2) {
            Some(room) if first != 0 => {
                room.copy_from_slice(&[first, second]);
                len += if second == 0 { 1 } else { 2 };
            }
            // A long label, or a character with a longer skeleton: built as the tables
            // build it.
            _ => return unicode_security::skeleton(label).collect(),
        }
    }
    std::str::from_utf8(&buf[..len])
        .map_or_else(|_| unicode_security::skeleton(label).collect(), Text::from)
}

/// The skeleton of each ASCII character, from the same tables as any other label's.
struct AsciiSkeletons {
    /// The skeleton of character `c` when it is one or two ASCII characters, padded
    /// with 0; `[0, 0]` when it is longer.
    short: [[u8; 2]; 128],
    /// Bit `c` is set when the skeleton of character `c` is not `c` itself.
    changed: u128,
}

fn ascii_skeletons() -> &'static AsciiSkeletons {
    static TABLE: std::sync::OnceLock<AsciiSkeletons> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = AsciiSkeletons {
            short: [[0; 2]; 128],
            changed: 0,
        };
        for c in 0u8..128 {
            let part: String = unicode_security::skeleton(&char::from(c).to_string()).collect();
            if part.as_bytes() != [c] {
                table.changed |= 1u128 << c;
            }
            match *part.as_bytes() {
                [a] if a != 0 && a.is_ascii() => table.short[usize::from(c)] = [a, 0],
                [a, b] if a != 0 && b != 0 && a.is_ascii() && b.is_ascii() => {
                    table.short[usize::from(c)] = [a, b]
                }
                _ => {}
            }
        }
        table
    })
}

#[cfg(test)]
mod tests {
    /// The table of ASCII skeletons gives what the UTS #39 tables give for the whole
    /// label, for every ASCII character and every pair of them.
    #[test]
    fn ascii_skeletons_are_the_unicode_ones() {
        let slow = |s: &str| -> String { unicode_security::skeleton(s).collect() };
        for a in 0u8..128 {
            for b in 0u8..128 {
                let s = String::from_utf8(vec![a, b]).unwrap();
                assert_eq!(super::skeleton(&s).as_str(), slow(&s), "{s:?}");
            }
            let s = String::from_utf8(vec![a]).unwrap();
            assert_eq!(super::skeleton(&s).as_str(), slow(&s), "{s:?}");
        }
        // Labels with and without characters the skeleton changes, short, longer than
        // a small string holds inline, and longer than the buffer of the ASCII path.
        for s in [
            "rn l0",
            "Premium members",
            "Customer care, tier 1 (100% \"gold\") | `m`",
            "A label well over twenty-four bytes long, with no changed character",
            "Premium membership management programme for community members, 10 million",
        ] {
            assert_eq!(super::skeleton(s).as_str(), slow(s), "{s:?}");
        }
    }
}
