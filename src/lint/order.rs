//! Handing a run's diagnostics on in sorted order while batches finish.
//!
//! A diagnostic may be handed on once no file still to be linted can yield one that
//! sorts before it. An input still to be linted yields diagnostics in its own file and
//! in the fragments it includes, which may not be inputs themselves (a file left out by
//! the configuration, say); those lie in its folder, so their paths start with the
//! folder's ([`crate::model::build::folder_of`]). So a diagnostic waits while any input
//! not yet done has a folder (or path) that sorts before or at its file's path.

use crate::diagnostic::{self, Diagnostic};
use crate::files::FileInput;
use crate::model::build::folder_of;

pub(super) struct Frontier {
    /// For each input, sorted: the least path a diagnostic it yields can have, and whether
    /// it is done.
    bounds: Vec<(String, bool)>,
    /// Position of each input in `bounds`.
    rank: Vec<usize>,
    /// The first not-done entry of `bounds`.
    next: usize,
    held: Vec<Diagnostic>,
}

impl Frontier {
    /// `least` gives, for each input, the least path a diagnostic linting it can name
    /// (`walk::Found::least`); when it is not given, its folder's path is taken.
    pub(super) fn new(inputs: &[FileInput], least: &[String]) -> Frontier {
        if least.len() == inputs.len() {
            return Frontier::from_least(least.to_vec());
        }
        let least: Vec<String> = inputs
            .iter()
            .map(|i| {
                let folder = folder_of(&i.display);
                if folder.as_str() < i.display.as_str() {
                    folder
                } else {
                    i.display.clone()
                }
            })
            .collect();
        Frontier::from_least(least)
    }

    fn from_least(least: Vec<String>) -> Frontier {
        let mut by_bound: Vec<usize> = (0..least.len()).collect();
        by_bound.sort_by(|&a, &b| least[a].cmp(&least[b]));
        let mut rank = vec![0; least.len()];
        for (r, &i) in by_bound.iter().enumerate() {
            rank[i] = r;
        }
        Frontier {
            bounds: by_bound
                .iter()
                .map(|&i| (least[i].clone(), false))
                .collect(),
            rank,
            next: 0,
            held: Vec::new(),
        }
    }

    /// The inputs `done` are linted; `found` are diagnostics they (or earlier inputs)
    /// yielded. Whatever can no longer be preceded goes to `emit`, sorted.
    pub(super) fn done(
        &mut self,
        done: &[usize],
        found: Vec<Diagnostic>,
        emit: &mut dyn FnMut(Vec<Diagnostic>),
    ) {
        // Diagnostics are large: a list is moved, not copied, where it can be.
        if self.held.is_empty() {
            self.held = found;
        } else {
            self.held.extend(found);
        }
        for &i in done {
            self.bounds[self.rank[i]].1 = true;
        }
        while self.next < self.bounds.len() && self.bounds[self.next].1 {
            self.next += 1;
        }
        let ready: Vec<Diagnostic> = match self.bounds.get(self.next) {
            None => std::mem::take(&mut self.held),
            Some((waiting, _)) => {
                let is_ready = |d: &Diagnostic| d.file.path.as_str() < waiting.as_str();
                if self.held.iter().all(is_ready) {
                    std::mem::take(&mut self.held)
                } else if !self.held.iter().any(is_ready) {
                    Vec::new()
                } else {
                    let (ready, held) = std::mem::take(&mut self.held)
                        .into_iter()
                        .partition(is_ready);
                    self.held = held;
                    ready
                }
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
