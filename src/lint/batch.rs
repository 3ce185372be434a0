//! Splitting a run's inputs into batches: in input order, a batch holds plans under one
//! configuration and fills up to a size, so memory follows the batch rather than the run.
//! No plan is read for it (only its size is asked): files joined by an include may land
//! in different batches, and the run's [`crate::model::build::Store`] keeps what a later
//! batch needs of an earlier one's files.

use rayon::prelude::*;

use crate::files::FileInput;

/// Indices of `inputs` grouped into batches of about `limit` bytes (a file larger than
/// that is a batch of its own), in input order, each with the scope its plans are
/// linted under.
pub(super) fn batches(
    inputs: &[FileInput],
    scope_of: &[usize],
    limit: u64,
) -> Vec<(Vec<usize>, usize)> {
    let sizes: Vec<u64> = inputs
        .par_iter()
        .map(|i| std::fs::metadata(&i.path).map_or(0, |m| m.len()))
        .collect();
    let mut out: Vec<(Vec<usize>, usize)> = Vec::new();
    let mut size = 0u64;
    for (i, &bytes) in sizes.iter().enumerate() {
        let scope = scope_of[i];
        match out.last_mut() {
            Some((members, s)) if *s == scope && size.saturating_add(bytes) <= limit => {
                members.push(i);
                size += bytes;
            }
            _ => {
                out.push((vec![i], scope));
                size = bytes;
            }
        }
    }
    out
}
