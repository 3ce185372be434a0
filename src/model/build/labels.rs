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
/// Blocks are found by a fingerprint of the skeleton (a hash of its bytes), so finding
/// one builds no text. A block found is checked to have the skeleton: its label is the
/// one looked for (the common case), or their skeletons are built and compared. A block
/// of another skeleton with a fingerprint already taken (one chance in 2^64 per pair of
/// labels) is kept aside and found by comparing skeletons.
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

/// A hash of [`label_skeleton`]'s bytes, the same on every run, built without the
/// skeleton when the label is ASCII and short.
fn fingerprint(label: &str) -> u64 {
    ascii_skeleton(label, print_bytes)
        .unwrap_or_else(|| print_bytes(label_skeleton(label).as_bytes()))
}

/// The fingerprint of a skeleton's bytes.
fn print_bytes(skeleton: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0).hash_one(skeleton)
}

/// `f` of the skeleton of `label` when it is ASCII and its skeleton is short.
fn ascii_skeleton<R>(label: &str, f: impl FnOnce(&[u8]) -> R) -> Option<R> {
    // Normalisation leaves ASCII as it is, so the skeleton of an ASCII label is its
    // characters' skeletons one after the other: looked up, not decomposed. Most ASCII
    // characters are their own skeleton; the others but `%` have one or two ASCII
    // characters as theirs.
    if !label.is_ascii() {
        return None;
    }
    let table = ascii_skeletons();
    if !label.bytes().any(|b| table.changed & (1u128 << b) != 0) {
        return Some(f(label.as_bytes()));
    }
    let mut buf = [0u8; 64];
    let mut len = 0;
    for b in label.bytes() {
        let [first, second] = table.short[usize::from(b)];
        // A long label, or a character with a longer skeleton: none.
        let room = buf.get_mut(len..len + 2).filter(|_| first != 0)?;
        room.copy_from_slice(&[first, second]);
        len += if second == 0 { 1 } else { 2 };
    }
    Some(f(&buf[..len]))
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
        let same = |s: &str| {
            let fast = super::ascii_skeleton(s, <[u8]>::to_vec);
            let slow = super::label_skeleton(s).into_bytes();
            assert!(fast.map_or(true, |fast| fast == slow), "{s:?}");
            assert_eq!(super::fingerprint(s), super::print_bytes(&slow), "{s:?}");
        };
        for a in 0u8..128 {
            for b in 0u8..128 {
                same(&String::from_utf8(vec![a, b]).unwrap());
            }
            same(&String::from_utf8(vec![a]).unwrap());
        }
        // Labels with and without characters the skeleton changes, short, longer than
        // a small string holds inline, and longer than the buffer of the ASCII path.
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
