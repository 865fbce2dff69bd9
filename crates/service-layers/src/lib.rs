//! Checks a service crate's layering from its sources (docs/architecture.md, "Layers inside a
//! service crate").
//!
//! A service crate that declares the layers (`[package.metadata.service-layers]` in its
//! Cargo.toml) keeps every file of `src/` in one of them:
//!
//! | layer       | files                     | may import                          |
//! |-------------|---------------------------|-------------------------------------|
//! | `api`       | `api/` (generated)        | itself                              |
//! | `support`   | `support/`                | itself, `api`                       |
//! | `model`     | `model/`                  | the above                           |
//! | `state`     | `state.rs`, `state/`      | the above                           |
//! | `engine`    | `engine.rs`, `engine/`    | the above                           |
//! | `ops`       | `ops/`                    | the above; never another `ops` file |
//! | `drivers`   | `drivers/`                | the above up to `engine`            |
//! | top         | `lib.rs`, `handlers.rs`   | everything                          |
//!
//! Besides the direction of imports, [`check`] finds import cycles of more than
//! [`MAX_CYCLE_FILES`] files, `ops` files that re-export, and `handlers.rs` calls whose target
//! is not defined in the file the call names. `#[cfg(test)]` code is left out: tests may reach
//! anywhere.
//!
//! This is a token-level reading of Rust, not a compiler: it knows `mod`, `use` (with groups,
//! globs and `as`), and paths written in code that start at `crate`, `self`, `super`, a name a
//! `use` brought in, or a child module.

use std::collections::{BTreeMap, BTreeSet};

/// The largest import cycle allowed, in files (a module and its helpers may refer to each
/// other; a wider circle is a knot).
pub const MAX_CYCLE_FILES: usize = 3;

/// A layer of a service crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Layer {
    /// Generated from the service model.
    Api,
    /// Errors, pagination, ids, ARNs, listing helpers.
    Support,
    /// Records.
    Model,
    /// The store and queries across records.
    State,
    /// The backend handlers use, and the time-driven machines.
    Engine,
    /// The operations.
    Ops,
    /// Schedulers and persistence.
    Drivers,
    /// `lib.rs` and `handlers.rs`.
    Top,
}

impl Layer {
    /// The layer of a file, from its path relative to `src/`.
    pub fn of(path: &str) -> Option<Layer> {
        if path == "lib.rs" || path == "handlers.rs" {
            return Some(Layer::Top);
        }
        let first = path.split('/').next()?;
        let first = first.strip_suffix(".rs").unwrap_or(first);
        Some(match first {
            "api" => Layer::Api,
            "support" => Layer::Support,
            "model" => Layer::Model,
            "state" => Layer::State,
            "engine" => Layer::Engine,
            "ops" => Layer::Ops,
            "drivers" => Layer::Drivers,
            _ => return None,
        })
    }

    fn rank(self) -> u8 {
        match self {
            Layer::Api | Layer::Support => 0,
            Layer::Model => 1,
            Layer::State => 2,
            Layer::Engine => 3,
            Layer::Ops | Layer::Drivers => 4,
            Layer::Top => 5,
        }
    }

    /// Whether a file of this layer may import a file of `other`.
    pub fn may_import(self, other: Layer) -> bool {
        self == other || other.rank() < self.rank() || (self, other) == (Layer::Support, Layer::Api)
    }
}

// ---------------------------------------------------------------------------------------------
// Tokens

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    /// `::`
    Sep,
    Punct(char),
}

#[derive(Clone, Debug)]
struct Token {
    tok: Tok,
    line: usize,
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Splits Rust source into identifiers, `::` and punctuation; comments and literals vanish.
fn lex(src: &str) -> Vec<Token> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    let n = chars.len();
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < n {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < n && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < n {
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
        } else if c == '"' {
            i += 1;
            while i < n && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if at(i) == '\n' {
                    line += 1;
                }
                i += 1;
            }
            i += 1;
        } else if (c == 'r' || (c == 'b' && at(i + 1) == 'r'))
            && matches!(at(i + if c == 'b' { 2 } else { 1 }), '"' | '#')
            && {
                // A raw string: r"..", r#".."#, br"..".
                let mut j = i + if c == 'b' { 2 } else { 1 };
                while at(j) == '#' {
                    j += 1;
                }
                at(j) == '"'
            }
        {
            let mut j = i + if c == 'b' { 2 } else { 1 };
            let mut hashes = 0;
            while at(j) == '#' {
                hashes += 1;
                j += 1;
            }
            j += 1;
            loop {
                if j >= n {
                    break;
                }
                if chars[j] == '"' && (0..hashes).all(|k| at(j + 1 + k) == '#') {
                    j += 1 + hashes;
                    break;
                }
                if chars[j] == '\n' {
                    line += 1;
                }
                j += 1;
            }
            i = j;
        } else if c == 'b' && matches!(at(i + 1), '"' | '\'') {
            // A byte string or byte: the literal itself follows.
            i += 1;
        } else if c == '\'' {
            if at(i + 1) == '\\' {
                i += 2;
                while i < n && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                // A lifetime or label.
                i += 1;
                while i < n && is_ident_char(chars[i]) {
                    i += 1;
                }
            }
        } else if is_ident_start(c) {
            let start = i;
            if c == 'r' && at(i + 1) == '#' && is_ident_start(at(i + 2)) {
                i += 2;
            }
            let word_start = if i > start { i } else { start };
            while i < n && is_ident_char(chars[i]) {
                i += 1;
            }
            out.push(Token {
                tok: Tok::Ident(chars[word_start..i].iter().collect()),
                line,
            });
        } else if c.is_ascii_digit() {
            while i < n
                && (is_ident_char(chars[i]) || (chars[i] == '.' && at(i + 1).is_ascii_digit()))
            {
                i += 1;
            }
        } else if c == ':' && at(i + 1) == ':' {
            out.push(Token {
                tok: Tok::Sep,
                line,
            });
            i += 2;
        } else {
            out.push(Token {
                tok: Tok::Punct(c),
                line,
            });
            i += 1;
        }
    }
    out
}

fn is_punct(t: Option<&Token>, c: char) -> bool {
    matches!(t, Some(Token { tok: Tok::Punct(p), .. }) if *p == c)
}

fn ident(t: Option<&Token>) -> Option<&str> {
    match t {
        Some(Token {
            tok: Tok::Ident(s), ..
        }) => Some(s),
        _ => None,
    }
}

/// The index after the group that opens at `i` (`(`, `[` or `{`).
fn skip_group(toks: &[Token], i: usize) -> usize {
    let mut depth = 0i32;
    let mut j = i;
    while j < toks.len() {
        match &toks[j].tok {
            Tok::Punct('(' | '[' | '{') => depth += 1,
            Tok::Punct(')' | ']' | '}') => {
                depth -= 1;
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
        j += 1;
    }
    toks.len()
}

/// Whether `#[cfg(test)]` starts at `i`.
fn is_cfg_test(toks: &[Token], i: usize) -> bool {
    let want = ["#", "[", "cfg", "(", "test", ")", "]"];
    want.iter()
        .enumerate()
        .all(|(k, w)| match toks.get(i + k).map(|t| &t.tok) {
            Some(Tok::Ident(s)) => s == w,
            Some(Tok::Punct(c)) => w.len() == 1 && w.starts_with(*c),
            _ => false,
        })
}

/// Drops every `#[cfg(test)]` item; returns the remaining tokens and the names of test-only
/// `mod name;` declarations (their files are left out too).
fn strip_tests(toks: Vec<Token>) -> (Vec<Token>, BTreeSet<String>) {
    let mut out = Vec::with_capacity(toks.len());
    let mut test_mods = BTreeSet::new();
    let mut i = 0;
    while i < toks.len() {
        if !is_cfg_test(&toks, i) {
            out.push(toks[i].clone());
            i += 1;
            continue;
        }
        i += 7;
        // Further attributes of the same item.
        while is_punct(toks.get(i), '#') && is_punct(toks.get(i + 1), '[') {
            i = skip_group(&toks, i + 1);
        }
        let item_start = i;
        let mut angle = 0i32;
        while i < toks.len() {
            match &toks[i].tok {
                Tok::Punct(';') => {
                    i += 1;
                    break;
                }
                Tok::Punct(',') if angle <= 0 => {
                    i += 1;
                    break;
                }
                Tok::Punct('}') => break,
                Tok::Punct('{') => {
                    i = skip_group(&toks, i);
                    // `impl X { .. }`, `mod m { .. }`, `fn f() { .. }`: the block ends the item.
                    break;
                }
                Tok::Punct('(' | '[') => {
                    i = skip_group(&toks, i);
                    continue;
                }
                Tok::Punct('-') if is_punct(toks.get(i + 1), '>') => i += 1,
                Tok::Punct('<') => angle += 1,
                Tok::Punct('>') => angle -= 1,
                _ => {}
            }
            i += 1;
        }
        let item = &toks[item_start..i];
        if let Some(pos) = item.iter().position(|t| t.tok == Tok::Ident("mod".into())) {
            if let Some(name) = ident(item.get(pos + 1)) {
                if is_punct(item.get(pos + 2), ';') {
                    test_mods.insert(name.to_owned());
                }
            }
        }
    }
    (out, test_mods)
}

// ---------------------------------------------------------------------------------------------
// Files and modules

/// One source file, read.
struct File {
    /// Path relative to `src/`.
    path: String,
    /// Module path from the crate root (`["engine", "backup"]`).
    module: Vec<String>,
    toks: Vec<Token>,
    /// Child modules declared with `mod name;`, by name.
    children: BTreeSet<String>,
}

/// Where `mod name;` in the file at `path` lives.
fn child_paths(path: &str, name: &str) -> [String; 2] {
    let dir = match path.rsplit_once('/') {
        Some((dir, "mod.rs")) => format!("{dir}/"),
        Some((dir, file)) => format!("{dir}/{}/", file.trim_end_matches(".rs")),
        None if path == "lib.rs" || path == "main.rs" => String::new(),
        None => format!("{}/", path.trim_end_matches(".rs")),
    };
    [format!("{dir}{name}.rs"), format!("{dir}{name}/mod.rs")]
}

/// Reads the module tree from `lib.rs` down, leaving test-only modules out.
fn load(sources: &BTreeMap<String, String>, problems: &mut Vec<String>) -> Vec<File> {
    let mut files = Vec::new();
    let mut queue = vec![("lib.rs".to_owned(), Vec::<String>::new())];
    while let Some((path, module)) = queue.pop() {
        let Some(src) = sources.get(&path) else {
            problems.push(format!("{path}: declared as a module but not found"));
            continue;
        };
        let (toks, test_mods) = strip_tests(lex(src));
        let mut children = BTreeSet::new();
        let mut depth = 0;
        for (i, t) in toks.iter().enumerate() {
            match &t.tok {
                Tok::Punct('{') => depth += 1,
                Tok::Punct('}') => depth -= 1,
                Tok::Ident(w) if w == "mod" && depth == 0 => {
                    if let Some(name) = ident(toks.get(i + 1)) {
                        if is_punct(toks.get(i + 2), ';') && !test_mods.contains(name) {
                            children.insert(name.to_owned());
                        }
                    }
                }
                _ => {}
            }
        }
        for name in &children {
            let [flat, nested] = child_paths(&path, name);
            let child = if sources.contains_key(&flat) {
                flat
            } else {
                nested
            };
            let mut child_module = module.clone();
            child_module.push(name.clone());
            queue.push((child, child_module));
        }
        files.push(File {
            path,
            module,
            toks,
            children,
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// One `use` leaf: the path it names and the name it brings in (`None` for a glob).
struct UseLeaf {
    path: Vec<String>,
    name: Option<String>,
    line: usize,
    /// `pub use` / `pub(crate) use`: a re-export.
    public: bool,
}

/// Parses a use tree starting at `i` (after `use`); returns the index after it.
fn parse_use_tree(
    toks: &[Token],
    mut i: usize,
    prefix: &[String],
    public: bool,
    out: &mut Vec<UseLeaf>,
) -> usize {
    let mut path = prefix.to_vec();
    if toks.get(i).map(|t| &t.tok) == Some(&Tok::Sep) {
        i += 1;
    }
    loop {
        let line = toks.get(i).map_or(0, |t| t.line);
        match toks.get(i).map(|t| &t.tok) {
            Some(Tok::Ident(s)) => {
                let s = s.clone();
                i += 1;
                if toks.get(i).map(|t| &t.tok) == Some(&Tok::Sep) {
                    path.push(s);
                    i += 1;
                    continue;
                }
                let mut name = s.clone();
                if ident(toks.get(i)) == Some("as") {
                    name = ident(toks.get(i + 1)).unwrap_or("_").to_owned();
                    i += 2;
                }
                if s == "self" {
                    name = if name == "self" {
                        path.last().cloned().unwrap_or_default()
                    } else {
                        name
                    };
                } else {
                    path.push(s);
                }
                out.push(UseLeaf {
                    path,
                    name: Some(name),
                    line,
                    public,
                });
                return i;
            }
            Some(Tok::Punct('*')) => {
                out.push(UseLeaf {
                    path,
                    name: None,
                    line,
                    public,
                });
                return i + 1;
            }
            Some(Tok::Punct('{')) => {
                i += 1;
                loop {
                    match toks.get(i).map(|t| &t.tok) {
                        Some(Tok::Punct('}')) => return i + 1,
                        Some(Tok::Punct(',')) => i += 1,
                        None => return i,
                        _ => i = parse_use_tree(toks, i, &path, public, out),
                    }
                }
            }
            _ => return i,
        }
    }
}

/// An import of one file by another.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    /// The importing file (relative to `src/`).
    pub from: String,
    /// The imported file.
    pub to: String,
    /// Where in `from`.
    pub line: usize,
}

struct Crate {
    files: Vec<File>,
    /// File index by module path.
    modules: BTreeMap<Vec<String>, usize>,
}

impl Crate {
    /// Resolves `segments` seen in file `at` to an absolute path, or `None` for paths outside
    /// the crate.
    fn absolute(
        &self,
        at: usize,
        segments: &[String],
        aliases: &BTreeMap<String, Vec<String>>,
    ) -> Option<Vec<String>> {
        let file = &self.files[at];
        let first = segments.first()?;
        let (mut base, rest) = match first.as_str() {
            "crate" => (Vec::new(), &segments[1..]),
            "self" => (file.module.clone(), &segments[1..]),
            "super" => {
                let mut base = file.module.clone();
                let mut k = 0;
                while segments.get(k).map(String::as_str) == Some("super") {
                    base.pop();
                    k += 1;
                }
                (base, &segments[k..])
            }
            name if file.children.contains(name) => (file.module.clone(), segments),
            name if aliases.contains_key(name) => (aliases[name].clone(), &segments[1..]),
            _ => return None,
        };
        base.extend(rest.iter().cloned());
        Some(base)
    }

    /// The file that defines the deepest module of `path`, and the segments after it.
    fn file_of<'p>(&self, path: &'p [String]) -> (usize, &'p [String]) {
        for len in (0..=path.len()).rev() {
            if let Some(&idx) = self.modules.get(&path[..len]) {
                return (idx, &path[len..]);
            }
        }
        (self.modules[&Vec::new()], path)
    }
}

/// Every import between files of the crate, with the `use` leaves of each file.
fn edges(krate: &Crate, problems: &mut Vec<String>) -> Vec<Edge> {
    let mut edges = BTreeSet::new();
    for (at, file) in krate.files.iter().enumerate() {
        let mut aliases = BTreeMap::new();
        let mut leaves = Vec::new();
        let mut in_use = vec![false; file.toks.len()];
        let mut i = 0;
        while i < file.toks.len() {
            if ident(file.toks.get(i)) == Some("use") {
                let public = i > 0
                    && (ident(file.toks.get(i - 1)) == Some("pub")
                        || (is_punct(file.toks.get(i - 1), ')')
                            && ident(file.toks.get(i - 3)) == Some("pub")));
                let start = i;
                let mut leaves_here = Vec::new();
                i = parse_use_tree(&file.toks, i + 1, &[], public, &mut leaves_here);
                for flag in &mut in_use[start..i.min(file.toks.len())] {
                    *flag = true;
                }
                leaves.extend(leaves_here);
            } else {
                i += 1;
            }
        }
        // Aliases first (a `use` may name a module another `use` brought in).
        for _ in 0..2 {
            for leaf in &leaves {
                if let (Some(name), Some(abs)) =
                    (&leaf.name, krate.absolute(at, &leaf.path, &aliases))
                {
                    aliases.insert(name.clone(), abs);
                }
            }
        }
        let mut targets = Vec::new();
        for leaf in &leaves {
            if let Some(abs) = krate
                .absolute(at, &leaf.path, &BTreeMap::new())
                .or_else(|| krate.absolute(at, &leaf.path, &aliases))
            {
                targets.push((abs, leaf.line));
            }
            if leaf.public && Layer::of(&file.path) == Some(Layer::Ops) {
                problems.push(format!(
                    "{}:{}: an ops file re-exports (`pub use`); operations are reached by the \
                     path of the file that defines them",
                    file.path, leaf.line
                ));
            }
        }
        // Paths written in code.
        let mut i = 0;
        while i < file.toks.len() {
            let starts_path = !in_use[i]
                && ident(file.toks.get(i)).is_some()
                && (i == 0 || file.toks[i - 1].tok != Tok::Sep)
                && file.toks.get(i + 1).map(|t| &t.tok) == Some(&Tok::Sep);
            if !starts_path {
                i += 1;
                continue;
            }
            let mut segments = Vec::new();
            let line = file.toks[i].line;
            let mut j = i;
            while let Some(s) = ident(file.toks.get(j)) {
                segments.push(s.to_owned());
                if file.toks.get(j + 1).map(|t| &t.tok) == Some(&Tok::Sep) {
                    j += 2;
                } else {
                    j += 1;
                    break;
                }
            }
            if let Some(abs) = krate.absolute(at, &segments, &aliases) {
                targets.push((abs, line));
            }
            i = j.max(i + 1);
        }
        for (abs, line) in targets {
            let (to, _) = krate.file_of(&abs);
            if to != at {
                edges.insert(Edge {
                    from: file.path.clone(),
                    to: krate.files[to].path.clone(),
                    line,
                });
            }
        }
    }
    // One edge per pair of files, at its first line.
    let mut first: BTreeMap<(String, String), usize> = BTreeMap::new();
    for e in edges {
        let entry = first.entry((e.from, e.to)).or_insert(e.line);
        *entry = (*entry).min(e.line);
    }
    first
        .into_iter()
        .map(|((from, to), line)| Edge { from, to, line })
        .collect()
}

/// Strongly connected components (Tarjan) of the file graph, largest first.
fn cycles(nodes: &[String], edges: &[Edge]) -> Vec<Vec<String>> {
    let index_of: BTreeMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let mut adj = vec![Vec::new(); nodes.len()];
    for e in edges {
        adj[index_of[e.from.as_str()]].push(index_of[e.to.as_str()]);
    }
    struct St {
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        out: Vec<Vec<usize>>,
    }
    fn visit(v: usize, adj: &[Vec<usize>], st: &mut St) {
        st.index[v] = Some(st.next);
        st.low[v] = st.next;
        st.next += 1;
        st.stack.push(v);
        st.on[v] = true;
        for &w in &adj[v] {
            match st.index[w] {
                None => {
                    visit(w, adj, st);
                    st.low[v] = st.low[v].min(st.low[w]);
                }
                Some(iw) if st.on[w] => st.low[v] = st.low[v].min(iw),
                _ => {}
            }
        }
        if Some(st.low[v]) == st.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = st.stack.pop() {
                st.on[w] = false;
                comp.push(w);
                if w == v {
                    break;
                }
            }
            st.out.push(comp);
        }
    }
    let mut st = St {
        index: vec![None; nodes.len()],
        low: vec![0; nodes.len()],
        on: vec![false; nodes.len()],
        stack: Vec::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in 0..nodes.len() {
        if st.index[v].is_none() {
            visit(v, &adj, &mut st);
        }
    }
    let mut comps: Vec<Vec<String>> = st
        .out
        .into_iter()
        .filter(|c| c.len() > 1)
        .map(|c| {
            let mut names: Vec<String> = c.into_iter().map(|i| nodes[i].clone()).collect();
            names.sort();
            names
        })
        .collect();
    comps.sort_by_key(|c| std::cmp::Reverse(c.len()));
    comps
}

/// What [`check`] found.
#[derive(Debug, Default)]
pub struct Report {
    /// Every import between files.
    pub edges: Vec<Edge>,
    /// Every broken rule, one line each.
    pub problems: Vec<String>,
}

/// Checks the sources of one crate (`src/`-relative path → text).
pub fn check(sources: &BTreeMap<String, String>) -> Report {
    let mut problems = Vec::new();
    let files = load(sources, &mut problems);
    let modules = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.module.clone(), i))
        .collect();
    let krate = Crate { files, modules };
    let edges = edges(&krate, &mut problems);

    for file in &krate.files {
        if Layer::of(&file.path).is_none() {
            problems.push(format!(
                "{}: in no layer (api/, support/, model/, state, engine, ops/, drivers/, lib.rs, \
                 handlers.rs)",
                file.path
            ));
        }
    }
    let module_of: BTreeMap<&str, &Vec<String>> = krate
        .files
        .iter()
        .map(|f| (f.path.as_str(), &f.module))
        .collect();
    for e in &edges {
        let (Some(from), Some(to)) = (Layer::of(&e.from), Layer::of(&e.to)) else {
            continue;
        };
        if !from.may_import(to) {
            problems.push(format!(
                "{}:{}: imports {} ({from:?} may not import {to:?})",
                e.from, e.line, e.to
            ));
        } else if from == Layer::Ops && to == Layer::Ops {
            let (a, b) = (module_of[e.from.as_str()], module_of[e.to.as_str()]);
            // An ops file may use its own private helpers (its child modules), nothing else.
            if !(b.len() > a.len() && b.starts_with(a)) {
                problems.push(format!(
                    "{}:{}: imports {} (an ops file never imports another ops file)",
                    e.from, e.line, e.to
                ));
            }
        }
    }
    let nodes: Vec<String> = krate.files.iter().map(|f| f.path.clone()).collect();
    for cycle in cycles(&nodes, &edges) {
        if cycle.len() > MAX_CYCLE_FILES {
            problems.push(format!(
                "import cycle of {} files (at most {MAX_CYCLE_FILES}): {}",
                cycle.len(),
                cycle.join(", ")
            ));
        }
    }
    if let Some(&h) = krate.modules.get(&vec!["handlers".to_owned()]) {
        check_handlers(&krate, h, &mut problems);
    }
    Report { edges, problems }
}

/// Every `path::to::function(` call in `handlers.rs` must name the file that defines
/// `function`.
fn check_handlers(krate: &Crate, h: usize, problems: &mut Vec<String>) {
    let file = &krate.files[h];
    let mut aliases = BTreeMap::new();
    let mut leaves = Vec::new();
    let mut i = 0;
    while i < file.toks.len() {
        if ident(file.toks.get(i)) == Some("use") {
            i = parse_use_tree(&file.toks, i + 1, &[], false, &mut leaves);
        } else {
            i += 1;
        }
    }
    for leaf in &leaves {
        if let (Some(name), Some(abs)) = (&leaf.name, krate.absolute(h, &leaf.path, &aliases)) {
            aliases.insert(name.clone(), abs);
        }
    }
    let toks = &file.toks;
    for i in 0..toks.len() {
        let Some(name) = ident(toks.get(i)) else {
            continue;
        };
        if !is_punct(toks.get(i + 1), '(') || i < 2 || toks[i - 1].tok != Tok::Sep {
            continue;
        }
        let mut start = i;
        while start >= 2 && toks[start - 1].tok == Tok::Sep && ident(toks.get(start - 2)).is_some()
        {
            start -= 2;
        }
        let segments: Vec<String> = (start..=i)
            .step_by(2)
            .filter_map(|k| ident(toks.get(k)).map(str::to_owned))
            .collect();
        let Some(abs) = krate.absolute(h, &segments, &aliases) else {
            continue;
        };
        let (target, rest) = krate.file_of(&abs);
        if target == h || rest.len() != 1 {
            continue;
        }
        let defining = &krate.files[target];
        let defined = defining
            .toks
            .windows(2)
            .any(|w| ident(Some(&w[0])) == Some("fn") && ident(Some(&w[1])) == Some(name));
        if !defined {
            problems.push(format!(
                "handlers.rs:{}: calls {} but {} does not define `fn {name}`",
                toks[i].line,
                segments.join("::"),
                defining.path
            ));
        }
    }
}

/// Reads every `.rs` file under `src` into a map for [`check`].
pub fn read_sources(src: &std::path::Path) -> std::io::Result<BTreeMap<String, String>> {
    fn walk(
        root: &std::path::Path,
        dir: &std::path::Path,
        out: &mut BTreeMap<String, String>,
    ) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                walk(root, &path, out)?;
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(root).expect("under root");
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                out.insert(rel, std::fs::read_to_string(&path)?);
            }
        }
        Ok(())
    }
    let mut out = BTreeMap::new();
    walk(src, src, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests;
