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
                // confusable skeleton (UTS #39) look the same and are refused too.
                let key = nfc(&l.value);
                let look = skeleton(&key);
                let (same, alike) = {
                    use std::collections::hash_map::Entry;
                    let same = self.labels.entry((parent, schema.kind, key));
                    let alike = self.look_alike.entry((parent, schema.kind, look));
                    let found = |e: &Entry<'_, _, NodeId>| match e {
                        Entry::Occupied(o) => Some(*o.get()),
                        Entry::Vacant(_) => None,
                    };
                    let (first_same, first_alike) = (found(&same), found(&alike));
                    // A label new in both ways is the block's own from now on.
                    if let (Entry::Vacant(same), Entry::Vacant(alike)) = (same, alike) {
                        same.insert(id);
                        alike.insert(id);
                    }
                    (first_same, first_alike)
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

/// The confusable skeleton of a label (UTS #39): two labels with the same skeleton look
/// the same on screen.
pub(super) fn skeleton(label: &str) -> Text {
    if label.is_ascii() {
        // Normalisation leaves ASCII as it is, so the skeleton of an ASCII label is its
        // characters' skeletons one after the other: looked up, not decomposed.
        let table = ascii_skeletons();
        let mut buf = [0u8; 64];
        let mut len = 0;
        for b in label.bytes() {
            let part = table[usize::from(b)].as_bytes();
            let Some(room) = buf.get_mut(len..len + part.len()) else {
                // A long label: built as the tables build it.
                return unicode_security::skeleton(label).collect();
            };
            room.copy_from_slice(part);
            len += part.len();
        }
        // Whole characters' skeletons, one after the other: always text.
        return std::str::from_utf8(&buf[..len])
            .map_or_else(|_| unicode_security::skeleton(label).collect(), Text::from);
    }
    unicode_security::skeleton(label).collect()
}

/// The skeleton of each ASCII character, from the same tables as any other label's.
fn ascii_skeletons() -> &'static [Text; 128] {
    static TABLE: std::sync::OnceLock<[Text; 128]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        std::array::from_fn(|i| {
            let c = char::from(u8::try_from(i).unwrap_or(b'?'));
            unicode_security::skeleton(&c.to_string()).collect()
        })
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
        assert_eq!(super::skeleton("rn l0").as_str(), slow("rn l0"));
    }
}
