//! Handing a run's diagnostics on in sorted order while batches finish in any order.

use crate::diagnostic::{self, Diagnostic};
use crate::files::FileInput;

/// Hands diagnostics on in sorted order as the batches finish: a diagnostic waits until
/// every input whose path sorts before its file's path has been linted.
pub(super) struct Frontier<'a> {
    /// Input paths in sorted order, with whether each is done (`None` when everything
    /// is held to the end).
    sorted: Option<Vec<(&'a str, bool)>>,
    /// Position of each input in `sorted`.
    rank: Vec<usize>,
    /// The first not-done entry of `sorted`.
    next: usize,
    held: Vec<Diagnostic>,
}

impl<'a> Frontier<'a> {
    pub(super) fn new(inputs: &'a [FileInput], stream: bool) -> Frontier<'a> {
        if !stream {
            return Frontier {
                sorted: None,
                rank: Vec::new(),
                next: 0,
                held: Vec::new(),
            };
        }
        let mut by_path: Vec<usize> = (0..inputs.len()).collect();
        by_path.sort_by(|&a, &b| inputs[a].display.cmp(&inputs[b].display));
        let mut rank = vec![0; inputs.len()];
        for (r, &i) in by_path.iter().enumerate() {
            rank[i] = r;
        }
        Frontier {
            sorted: Some(
                by_path
                    .iter()
                    .map(|&i| (inputs[i].display.as_str(), false))
                    .collect(),
            ),
            rank,
            next: 0,
            held: Vec::new(),
        }
    }

    pub(super) fn done(
        &mut self,
        batch: &[usize],
        found: Vec<Diagnostic>,
        emit: &mut dyn FnMut(Vec<Diagnostic>),
    ) {
        self.held.extend(found);
        let Some(sorted) = &mut self.sorted else {
            return;
        };
        for &i in batch {
            sorted[self.rank[i]].1 = true;
        }
        while self.next < sorted.len() && sorted[self.next].1 {
            self.next += 1;
        }
        let ready: Vec<Diagnostic> = match sorted.get(self.next) {
            None => std::mem::take(&mut self.held),
            Some(&(waiting, _)) => {
                let (ready, held) = std::mem::take(&mut self.held)
                    .into_iter()
                    .partition(|d| d.file.path.as_str() < waiting);
                self.held = held;
                ready
            }
        };
        if !ready.is_empty() {
            let mut ready = ready;
            diagnostic::sort(&mut ready);
            emit(ready);
        }
    }

    pub(super) fn finish(self, emit: &mut dyn FnMut(Vec<Diagnostic>)) {
        let mut rest = self.held;
        if !rest.is_empty() {
            diagnostic::sort(&mut rest);
            emit(rest);
        }
    }
}
