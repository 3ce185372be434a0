//! The files a run has read ([`Store`]): each read and parsed once, roots built from
//! them batch by batch, and what a later batch needs of an earlier one's files kept;
//! with what is said of a file as a whole (stray items, several programmes, a fragment
//! no root included).

use super::*;

/// The files a run has read, shared by its batches and by the roots built in parallel,
/// so that no file is read or parsed twice in a run. A fragment stays whole (a root in a
/// later batch may include it); of a file with a programme, or one that is not text, only
/// that much is kept once its batch is done.
#[derive(Default)]
pub struct Store {
    map: Mutex<Map<PathBuf, Arc<Loaded>>>,
    /// Real paths of the fragments a root has included.
    included: Mutex<Set<PathBuf>>,
    /// Diagnostics in fragments already handed on: a fragment included by roots in two
    /// batches is reported once.
    reported: Mutex<Set<DiagKey>>,
}

type DiagKey = (String, usize, usize, String, String);

fn key(d: &Diagnostic) -> DiagKey {
    (
        d.file.path.clone(),
        d.span.start,
        d.span.end,
        d.code.to_string(),
        d.message.clone(),
    )
}

/// An input that holds no programme and that no root has included yet: it waits for a
/// root in a later batch to include it, or for the end of the run ([`Store::unclaimed`]).
#[derive(Debug)]
pub struct Pending {
    /// Its index among the inputs given to [`Store::load`].
    pub index: usize,
    pub canonical: PathBuf,
    pub file: Arc<SourceFile>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Store {
    /// Load one batch of a run: read the inputs not read before, build every programme
    /// found, following includes through the files read so far, and hand each programme
    /// built without E diagnostics to `then`, in the task that built it (so a batch is
    /// linted as its programmes are built, and each is freed on the core that made it).
    /// Inputs that hold no programme and that no root has included yet are returned as
    /// pending; the files in the outcome are those read for this batch, pending ones
    /// left out.
    pub fn load<P: Send>(
        &self,
        inputs: &[FileInput],
        limits: &Limits,
        reader: &dyn Reader,
        then: &(dyn Fn(Programme) -> P + Sync),
    ) -> (Outcome<P>, Vec<Pending>) {
        let loaded: Vec<Result<(Arc<Loaded>, bool), String>> = inputs
            .par_iter()
            .map(|input| self.input(input, limits, reader))
            .collect();
        let mut unreadable = Vec::new();
        let mut files = Vec::new();
        let mut index = Vec::new();
        for (i, (input, l)) in inputs.iter().zip(loaded).enumerate() {
            match l {
                Ok(l) => {
                    files.push(l);
                    index.push(i);
                }
                Err(reason) => unreadable.push((input.display.clone(), reason)),
            }
        }
        let (mut outcome, mut pending) = self.run_fresh(files, limits, reader, then);
        for p in &mut pending {
            p.index = index[p.index];
        }
        outcome.unreadable = unreadable;
        (outcome, pending)
    }

    /// An input: a fragment read before (through an include, or waiting as an input) is
    /// not read again. The flag says whether it was read now.
    fn input(
        &self,
        input: &FileInput,
        limits: &Limits,
        reader: &dyn Reader,
    ) -> Result<(Arc<Loaded>, bool), String> {
        let canonical = reader.canonicalize(&input.path).ok();
        if let Some(c) = &canonical {
            if let Some(l) = lock(&self.map).get(c) {
                if l.ast.is_some() && l.programmes == 0 {
                    return Ok((l.clone(), false));
                }
            }
        }
        read_at(reader, &input.display, &input.path, canonical, limits).map(|l| (Arc::new(l), true))
    }

    /// Forget the files no root still to come can include: fragments already included
    /// and files with a programme, whose path `needed` says no. A fragment waiting for a
    /// root stays. Were one forgotten and included after all, it would be read again.
    pub fn forget(&self, needed: &dyn Fn(&str) -> bool) {
        let included = lock(&self.included);
        let mut map = lock(&self.map);
        let gone: Vec<PathBuf> = map
            .iter()
            .filter(|(c, l)| {
                (l.programmes > 0 || l.ast.is_none() || included.contains(*c))
                    && !needed(&l.file.path)
            })
            .map(|(c, _)| c.clone())
            .collect();
        let freed: Vec<Arc<Loaded>> = gone.iter().filter_map(|c| map.remove(c)).collect();
        drop(map);
        drop(included);
        crate::free_on_every_core(freed);
    }

    /// Whether a root has included the file at this real path.
    pub fn is_included(&self, canonical: &Path) -> bool {
        lock(&self.included).contains(canonical)
    }

    /// What is said of a pending input no root included by the end of the run: its own
    /// diagnostics and E013 (nothing when a root included it after all).
    pub fn unclaimed(&self, pending: &Pending) -> Vec<Diagnostic> {
        if self.is_included(&pending.canonical) {
            return Vec::new();
        }
        let Some(l) = lock(&self.map).get(&pending.canonical).cloned() else {
            return Vec::new();
        };
        let mut reported = lock(&self.reported);
        unincluded(&l)
            .into_iter()
            .filter(|d| reported.insert(key(d)))
            .collect()
    }

    /// Build the programmes of files read (each flagged whether it was read for this
    /// batch), handing each one built without E diagnostics to `then`.
    pub(super) fn run_fresh<P: Send>(
        &self,
        mut inputs: Vec<(Arc<Loaded>, bool)>,
        limits: &Limits,
        reader: &dyn Reader,
        then: &(dyn Fn(Programme) -> P + Sync),
    ) -> (Outcome<P>, Vec<Pending>) {
        let cache = Cache {
            store: self,
            limits,
            reader,
            fresh: Mutex::default(),
        };
        // A file with stray items beside its programme, or more than one programme, gets
        // no programme built clean (what is said of it is not empty): known before any
        // is built.
        let mut refused: Vec<Vec<Diagnostic>> = Vec::with_capacity(inputs.len());
        for (l, _) in &inputs {
            let mut said = Vec::new();
            if l.programmes >= 1 {
                said = stray_items(l);
            }
            if l.programmes > 1 {
                said.push(
                    Diagnostic::error(
                        Code::E013,
                        &l.file,
                        first_line(&l.file),
                        format!(
                            "this file holds {} programme blocks; a file holds exactly one",
                            l.programmes
                        ),
                    )
                    .with_help("put each programme in a file of its own"),
                );
            }
            refused.push(said);
        }
        // Files with a programme (roots) go to the tasks that build them, which free
        // their syntax trees when done; the run keeps a stub of each (an include of such
        // a file is refused, which the stub tells), and its own diagnostics and text
        // here. Other files are kept whole: a root may include them.
        let mut roots: Vec<(usize, Arc<Loaded>)> = Vec::new();
        let mut own: Vec<Option<(Vec<Diagnostic>, Arc<SourceFile>)>> = Vec::new();
        {
            let mut map = lock(&self.map);
            for (i, (l, _)) in inputs.iter_mut().enumerate() {
                let is_root = l.ast.is_some() && l.programmes >= 1;
                own.push(is_root.then(|| (l.diags.clone(), l.file.clone())));
                if is_root {
                    let stub = Arc::new(l.stub());
                    if let Some(c) = &l.canonical {
                        map.insert(c.clone(), stub.clone());
                    }
                    roots.push((i, std::mem::replace(l, stub)));
                } else if let Some(c) = &l.canonical {
                    map.entry(c.clone()).or_insert_with(|| l.clone());
                }
            }
        }
        let built: Vec<Vec<Built<P>>> = roots
            .into_par_iter()
            .map(|(i, loaded)| {
                let blocks = loaded
                    .ast
                    .iter()
                    .flat_map(|tree| tree.programmes().map(move |block| (tree, block)));
                let built = blocks
                    .map(|(tree, block)| {
                        let b = build_root(&loaded, tree, block, &cache);
                        let clean = b.diags.is_empty() && refused[i].is_empty();
                        Built {
                            programme: b.programme.filter(|_| clean).map(then),
                            diags: b.diags,
                            fragments: b.fragments,
                        }
                    })
                    .collect();
                // The tree is freed here, on the core that built from it.
                drop(loaded);
                built
            })
            .collect();
        let built: Vec<Built<P>> = built.into_iter().flatten().collect();
        {
            let mut included = lock(&self.included);
            for b in &built {
                included.extend(b.fragments.iter().filter_map(|(c, _)| c.clone()));
            }
        }

        let mut diags: Vec<Diagnostic> = Vec::new();
        let mut pending = Vec::new();
        let mut files: Vec<Arc<SourceFile>> = Vec::new();
        for (i, (l, fresh)) in inputs.iter().enumerate() {
            if let Some((own_diags, file)) = own[i].take() {
                diags.extend(own_diags);
                if *fresh {
                    files.push(file);
                }
                diags.extend(std::mem::take(&mut refused[i]));
                continue;
            }
            if l.ast.is_none() {
                diags.extend(l.diags.iter().cloned());
            } else if !l.canonical.as_deref().is_some_and(|c| self.is_included(c)) {
                // A fragment no root has included so far: a later batch may.
                match &l.canonical {
                    Some(c) => {
                        if *fresh {
                            pending.push(Pending {
                                index: i,
                                canonical: c.clone(),
                                file: l.file.clone(),
                            });
                        }
                    }
                    None => diags.extend(unincluded(l)),
                }
                if l.canonical.is_some() {
                    continue;
                }
            }
            if *fresh {
                files.push(l.file.clone());
            }
            diags.extend(std::mem::take(&mut refused[i]));
        }
        files.extend(lock(&cache.fresh).drain(..));

        let mut programmes = Vec::new();
        let found_programmes = built.len();
        for b in built {
            diags.extend(b.diags);
            programmes.extend(b.programme);
        }
        // Of a file with a programme (a stub already) or one that is not text only that
        // much is kept for the rest of the run.
        let roots: Set<&str> = inputs
            .iter()
            .filter(|(l, _)| l.ast.is_none() || l.programmes >= 1)
            .map(|(l, _)| l.file.path.as_str())
            .collect();
        {
            let mut map = lock(&self.map);
            for (l, _) in &inputs {
                if let (Some(c), true) = (&l.canonical, l.ast.is_none() && l.programmes == 0) {
                    map.insert(c.clone(), Arc::new(l.stub()));
                }
            }
        }
        let mut diagnostics = dedupe(diags);
        // Diagnostics in fragments another batch already reported.
        {
            let mut reported = lock(&self.reported);
            diagnostics.retain(|d| roots.contains(d.file.path.as_str()) || reported.insert(key(d)));
        }
        drop(roots);
        crate::free_on_every_core(inputs);
        // Capped per file by the caller, once, with the rules' findings (src/cap.rs).
        diagnostic::sort(&mut diagnostics);
        (
            Outcome {
                unchecked: found_programmes - programmes.len(),
                programmes,
                diagnostics,
                files,
                unreadable: Vec::new(),
            },
            pending,
        )
    }
}

/// Fragments read while following includes, for one batch: read through the run's
/// [`Store`], so a fragment included by several roots is read once.
pub(super) struct Cache<'l> {
    pub(super) store: &'l Store,
    pub(super) limits: &'l Limits,
    pub(super) reader: &'l dyn Reader,
    /// Files read for this batch.
    pub(super) fresh: Mutex<Vec<Arc<SourceFile>>>,
}

impl Cache<'_> {
    pub(super) fn get_or_read(
        &self,
        canonical: &Path,
        display: &str,
    ) -> Result<Arc<Loaded>, String> {
        if let Some(l) = lock(&self.store.map).get(canonical) {
            return Ok(l.clone());
        }
        let loaded = Arc::new(read_at(
            self.reader,
            display,
            canonical,
            Some(canonical.to_path_buf()),
            self.limits,
        )?);
        let mut map = lock(&self.store.map);
        let entry = map.entry(canonical.to_path_buf()).or_insert_with(|| {
            lock(&self.fresh).push(loaded.file.clone());
            loaded
        });
        Ok(entry.clone())
    }
}

/// What building one root gave: its programme, or what a step made of it.
pub(super) struct Built<P = Programme> {
    pub(super) programme: Option<P>,
    pub(super) diags: Vec<Diagnostic>,
    /// Fragments spliced (real path and file), in order of first inclusion.
    pub(super) fragments: Vec<(Option<PathBuf>, Arc<SourceFile>)>,
}

/// A file with no programme that no root included: its own diagnostics, and E013.
fn unincluded(l: &Loaded) -> Vec<Diagnostic> {
    let mut out = l.diags.clone();
    out.push(
        Diagnostic::error(
            Code::E013,
            &l.file,
            first_line(&l.file),
            "this file has no programme block, and no programme in this run includes it",
        )
        .with_help(format!(
            "include it from its programme with `include \"{}\"`, or wrap it in `programme \"Name\" {{ … }}`",
            file_name(&l.file.path)
        )),
    );
    out
}

/// The span of a file's first line, without its line end (E013 points there).
pub(super) fn first_line(file: &SourceFile) -> Range<usize> {
    let end = file.line_start(2).min(file.text.len());
    0..file.text[..end].trim_end_matches(['\n', '\r']).len()
}

/// Items of a root file outside its programme block (E002).
fn stray_items(l: &Loaded) -> Vec<Diagnostic> {
    let Some(tree) = &l.ast else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in &tree.items {
        let (span, what) = match item {
            ast::Item::Block(b) if tree.block(*b).kind.name == "programme" => continue,
            ast::Item::Block(b) => {
                let b = tree.block(*b);
                (
                    b.header.clone(),
                    format!("this {} block", schema::kind_words(&b.kind.name)),
                )
            }
            ast::Item::Attribute(a) => (a.span(), format!("`{}`", a.key.name(&l.file.text))),
            ast::Item::Include(inc) => (inc.span.clone(), "this include".to_string()),
        };
        out.push(
            Diagnostic::error(
                Code::E002,
                &l.file,
                span,
                format!("{what} stands outside the programme block"),
            )
            .with_help("move it inside `programme \"…\" { … }`; only a fragment holds items at its top level"),
        );
    }
    out
}

fn file_name(path: &str) -> &str {
    Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path)
}

/// Drop diagnostics reported twice (a fragment included by two roots).
fn dedupe(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = Set::default();
    diags
        .into_iter()
        .filter(|d| {
            seen.insert((
                d.file.path.clone(),
                d.span.start,
                d.span.end,
                d.code.clone(),
                d.message.clone(),
            ))
        })
        .collect()
}
