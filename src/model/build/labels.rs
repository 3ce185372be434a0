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
                // confusable skeleton (UTS #39) look the same and are refused too. The
                // first block of a skeleton is the first of the same label too, if its
                // label is this one: labels equal after NFC have one skeleton.
                let alike = self
                    .labels
                    .find_or_add(&self.nodes, parent, schema.kind, &l.value, id);
                let same = alike.filter(|&first| {
                    same_label(
                        self.nodes[first].label.as_deref().unwrap_or_default(),
                        &l.value,
                    )
                });
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

/// Labelled blocks by parent, kind and the look of their label: the first block of
/// each confusable skeleton (UTS #39) of a label in NFC, the same for labels equal after
/// NFC normalisation and for labels that look the same. Whether a block found is the one
/// of a label (and not one that only looks the same) is [`same_label`].
///
/// Blocks are found by a fingerprint of the skeleton (a 64-bit hash of its bytes), so
/// finding one builds no text for an ASCII label. A block found is checked to have the
/// skeleton: its label is the one looked for (the common case), or both skeletons are
/// built and compared. A block of another skeleton whose fingerprint is taken already
/// (rare) is kept aside and found by comparing skeletons.
pub(super) struct Labels {
    first: Map<(NodeId, &'static str, u64), NodeId>,
    /// The first blocks of the other skeletons of a fingerprint.
    others: Map<(NodeId, &'static str, u64), Vec<NodeId>>,
    /// The fingerprint of a label's skeleton ([`fingerprint`]; any function in tests).
    print: fn(&str) -> u64,
}

impl Default for Labels {
    fn default() -> Labels {
        Labels::with_capacity(0)
    }
}

impl Labels {
    pub(super) fn with_capacity(blocks: usize) -> Labels {
        Labels {
            first: Map::with_capacity_and_hasher(blocks, Default::default()),
            others: Map::default(),
            print: fingerprint,
        }
    }

    /// The first block of `kind` under `parent` whose label looks like `label`.
    pub(super) fn find(
        &self,
        nodes: &[Node],
        parent: NodeId,
        kind: &'static str,
        label: &str,
    ) -> Option<NodeId> {
        let key = (parent, kind, (self.print)(label));
        let first = *self.first.get(&key)?;
        if looks_like(nodes, first, label) {
            return Some(first);
        }
        let others = self.others.get(&key)?;
        others
            .iter()
            .copied()
            .find(|&id| looks_like(nodes, id, label))
    }

    /// [`Labels::find`]; when no block looks like `label`, block `id` (labelled
    /// `label`) is the first from now on.
    pub(super) fn find_or_add(
        &mut self,
        nodes: &[Node],
        parent: NodeId,
        kind: &'static str,
        label: &str,
        id: NodeId,
    ) -> Option<NodeId> {
        use std::collections::hash_map::Entry;
        let key = (parent, kind, (self.print)(label));
        let first = match self.first.entry(key) {
            Entry::Vacant(v) => {
                v.insert(id);
                return None;
            }
            Entry::Occupied(o) => *o.get(),
        };
        if looks_like(nodes, first, label) {
            return Some(first);
        }
        let others = self.others.entry(key).or_default();
        let found = others
            .iter()
            .copied()
            .find(|&id| looks_like(nodes, id, label));
        if found.is_none() {
            others.push(id);
        }
        found
    }
}

/// Whether the label of block `id` has the skeleton of `label`.
fn looks_like(nodes: &[Node], id: NodeId, label: &str) -> bool {
    let written = nodes[id].label.as_deref().unwrap_or_default();
    written == label || label_skeleton(written) == label_skeleton(label)
}

/// The confusable skeleton of a label in NFC: the same for labels equal after NFC
/// normalisation and for labels that look the same.
fn label_skeleton(label: &str) -> String {
    unicode_security::skeleton(&nfc(label)).collect()
}

/// A hash of [`label_skeleton`]'s bytes, the same on every run, computed without the
/// skeleton when the label is ASCII.
fn fingerprint(label: &str) -> u64 {
    let mut print = Print::default();
    if !ascii_skeleton(label, |b| print.push(b)) {
        print = Print::default();
        label_skeleton(label).bytes().for_each(|b| print.push(b));
    }
    print.0
}

/// A fingerprint taking one byte at a time (FNV-1a, 64 bits).
struct Print(u64);

impl Default for Print {
    fn default() -> Print {
        Print(0xcbf2_9ce4_8422_2325)
    }
}

impl Print {
    fn push(&mut self, byte: u8) {
        self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
    }
}

/// Gives `push` the bytes of the skeleton of `label` when it is ASCII, and says
/// whether it was (characters with a long skeleton aside).
fn ascii_skeleton(label: &str, mut push: impl FnMut(u8)) -> bool {
    // Normalisation leaves ASCII as it is, so the skeleton of an ASCII label is its
    // characters' skeletons one after the other: looked up, not decomposed. Most ASCII
    // characters are their own skeleton; the others but `%` have one or two ASCII
    // characters as theirs.
    let table = ascii_skeletons();
    for b in label.bytes() {
        match table.get(usize::from(b)) {
            Some(&[first, second]) if first != 0 => {
                push(first);
                if second != 0 {
                    push(second);
                }
            }
            _ => return false,
        }
    }
    true
}

/// The skeleton of each ASCII character, from the same tables as any other label's:
/// for character `c`, one or two ASCII characters padded with 0, or `[0, 0]` when it
/// is longer.
fn ascii_skeletons() -> &'static [[u8; 2]; 128] {
    static TABLE: std::sync::OnceLock<[[u8; 2]; 128]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [[0; 2]; 128];
        for c in 0u8..128 {
            let part: String = unicode_security::skeleton(&char::from(c).to_string()).collect();
            match *part.as_bytes() {
                [a] if a != 0 && a.is_ascii() => table[usize::from(c)] = [a, 0],
                [a, b] if a != 0 && b != 0 && a.is_ascii() && b.is_ascii() => {
                    table[usize::from(c)] = [a, b]
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
        // Whether the ASCII path was taken: when it was, it gave the skeleton; either
        // way the fingerprint is that of the skeleton's bytes.
        let same = |s: &str| -> bool {
            let mut fast = Vec::new();
            let ascii = super::ascii_skeleton(s, |b| fast.push(b));
            let slow = super::label_skeleton(s).into_bytes();
            assert!(!ascii || fast == slow, "{s:?}");
            let mut print = super::Print::default();
            slow.iter().for_each(|&b| print.push(b));
            assert_eq!(super::fingerprint(s), print.0, "{s:?}");
            ascii
        };
        for a in 0u8..128 {
            for b in 0u8..128 {
                same(&String::from_utf8(vec![a, b]).unwrap());
            }
            same(&String::from_utf8(vec![a]).unwrap());
        }
        // Labels with and without characters the skeleton changes, short, longer than
        // a small string holds inline.
        assert!(same("Premium members") && same("rn l0 | `m`"));
        assert!(!same("100%") && !same("Caf\u{e9}"));
        for s in [
            "rn l0",
            "Premium members",
            "Customer care, tier 1 (100% \"gold\") | `m`",
            "A label well over twenty-four bytes long, with no changed character",
            "Premium membership management programme for community members, 10 million",
            "Caf\u{e9} m",
        ] {
            same(s);
        }
    }

    /// Labels whose fingerprints are the same but whose skeletons are not are still
    /// told apart; labels that look the same are found whatever their fingerprint.
    #[test]
    fn labels_are_found_by_their_skeleton_not_their_fingerprint() {
        use super::{Labels, Loc, Node};
        let node = |id: usize, label: &str| Node {
            id,
            kind: "unit",
            label: Some(label.into()),
            parent: Some(0),
            children: Vec::new(),
            attrs: Vec::new(),
            header: Loc {
                file: 0,
                span: 0..0,
            },
            full: Loc {
                file: 0,
                span: 0..0,
            },
        };
        let written = ["Care", "Sales", "Care", "Sa1es", "Caf\u{e9}", "Cafe\u{301}"];
        let nodes: Vec<Node> = written
            .iter()
            .enumerate()
            .map(|(i, l)| node(i, l))
            .collect();
        // Every label has one fingerprint: each is found by comparing skeletons.
        let mut all_one = Labels::with_capacity(0);
        all_one.print = |_| 0;
        let mut real = Labels::with_capacity(0);
        for labels in [&mut all_one, &mut real] {
            let found: Vec<Option<usize>> = (0..nodes.len())
                .map(|id| labels.find_or_add(&nodes, 0, "unit", written[id], id))
                .collect();
            assert_eq!(found, [None, None, Some(0), Some(1), None, Some(4)]);
            assert_eq!(labels.find(&nodes, 0, "unit", "Sales"), Some(1));
            assert_eq!(labels.find(&nodes, 0, "unit", "SaIes"), Some(1));
            assert_eq!(labels.find(&nodes, 0, "unit", "Cafe\u{301}"), Some(4));
            assert_eq!(labels.find(&nodes, 0, "unit", "Tea"), None);
            assert_eq!(labels.find(&nodes, 1, "unit", "Care"), None);
            assert_eq!(labels.find(&nodes, 0, "team", "Care"), None);
        }
    }
}
