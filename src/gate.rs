//! Literal gates in front of the regex rules: what literal text a regex
//! needs of a line before it can match.
//!
//! Most lines match no regex rule, yet asking a regex of a line costs
//! about as much as measuring it. Most regexes, though, cannot match
//! without some literal text: `^photo\s*:\s*.+` needs a line that starts
//! with `photo`, `\d+\s*(?:views?|shares?)` one that holds `view` or
//! `share`. Those literals, the regex's *atoms*, are read off its syntax
//! tree once; [`crate::rules`] looks for them in the same automata as the
//! literal phrases and asks a regex only of the lines where its atoms
//! were found.
//!
//! The key invariant: whatever a regex matches holds one of its atoms (at
//! its start, for leading atoms), so a gate only ever skips lines the
//! regex would not match. Atoms are to be matched with ASCII letters in
//! either case; letters whose case folding is not ASCII (`ф`/`Ф`, `k` and
//! the Kelvin sign) are spelled out in every case the regex accepts.

use regex_syntax::hir::{Class, Hir, HirKind};

/// The most characters a class may hold to be spelled out in atoms.
const MAX_CLASS: usize = 4;

/// The most spellings one atom may take; a longer atom is cut to a
/// window of it (a piece of a required literal is required too).
const MAX_SPELLINGS: usize = 16;

/// The most atoms a regex may have before it is not worth a gate.
const MAX_ATOMS: usize = 256;

/// One position of an atom: the byte strings it may be.
type Slot = Vec<Vec<u8>>;

/// What a regex needs of a line before it can match.
#[derive(Clone, Debug, PartialEq)]
pub enum Atoms {
    /// One of these at the start of the line.
    Leading(Vec<Vec<Slot>>),
    /// One of these anywhere in the line.
    Inner(Vec<Vec<Slot>>),
}

impl Atoms {
    /// The atoms of `pattern` (in the syntax of the `regex` crate): the
    /// leading ones when it is anchored at the start and begins with
    /// literal text, else the strongest literal text it needs anywhere;
    /// `None` when it can match without any (or fails to parse).
    pub fn of(pattern: &str) -> Option<Atoms> {
        let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
        let usable = |atoms: &Vec<Vec<Slot>>| {
            atoms.iter().all(|a| !a.is_empty() && letters(a) > 0)
        };
        let anchored = match hir.kind() {
            HirKind::Concat(subs) => subs.first().is_some_and(|s| {
                matches!(
                    s.kind(),
                    HirKind::Look(regex_syntax::hir::Look::Start)
                )
            }),
            _ => false,
        };
        if let Some(atoms) = anchored.then(|| leading(&hir)).flatten() {
            if usable(&atoms) {
                return Some(Atoms::Leading(atoms));
            }
        }
        required(&hir).map(|a| a.0).filter(usable).map(Atoms::Inner)
    }

    /// Every spelling of every atom, ASCII letters lower-cased.
    pub fn spellings(&self) -> Vec<Vec<u8>> {
        let (atoms, leading) = match self {
            Atoms::Leading(atoms) => (atoms, true),
            Atoms::Inner(atoms) => (atoms, false),
        };
        let mut out = Vec::new();
        for atom in atoms {
            let mut spelled = vec![Vec::new()];
            for slot in window(atom, leading) {
                spelled = spelled
                    .iter()
                    .flat_map(|pre| {
                        slot.iter().map(move |s| [pre.as_slice(), s].concat())
                    })
                    .collect();
            }
            out.extend(spelled);
        }
        out.sort();
        out.dedup();
        out
    }
}

/// Alternative atoms, one of which a match holds.
struct Alts(Vec<Vec<Slot>>);

impl Alts {
    /// The letters of the weakest atom: the more, the fewer lines an atom
    /// lets through (digits and punctuation are in most lines).
    fn strength(&self) -> usize {
        self.0.iter().map(|atom| letters(atom)).min().unwrap_or(0)
    }
}

/// The letters of an atom's shortest spelling (any byte of a non-ASCII
/// character counts).
fn letters(atom: &[Slot]) -> usize {
    let count = |s: &Vec<u8>| {
        s.iter().filter(|b| b.is_ascii_alphabetic() || **b >= 0x80).count()
    };
    atom.iter().map(|slot| slot.iter().map(count).min().unwrap_or(0)).sum()
}

/// The atoms `hir` starts with, when every match of it starts with one.
fn leading(hir: &Hir) -> Option<Vec<Vec<Slot>>> {
    if let Some(slot) = slot(hir) {
        return Some(vec![vec![slot]]);
    }
    match hir.kind() {
        HirKind::Capture(c) => leading(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => leading(&r.sub),
        HirKind::Alternation(subs) => either(subs, leading),
        HirKind::Concat(subs) => {
            let mut rest = subs
                .iter()
                .skip_while(|s| matches!(s.kind(), HirKind::Look(_)));
            let first = rest.next()?;
            if slot(first).is_none() {
                return leading(first);
            }
            let run: Vec<Slot> =
                std::iter::once(first).chain(rest).map_while(slot).collect();
            Some(vec![run])
        }
        _ => None,
    }
}

/// The atoms of an alternation: those of every branch (`atoms` of each),
/// unless a branch has none or they are too many.
fn either(
    subs: &[Hir],
    atoms: impl Fn(&Hir) -> Option<Vec<Vec<Slot>>>,
) -> Option<Vec<Vec<Slot>>> {
    let mut all = Vec::new();
    for sub in subs {
        all.extend(atoms(sub)?);
    }
    (all.len() <= MAX_ATOMS).then_some(all)
}

/// The atoms of `hir`: what every match of it contains.
fn required(hir: &Hir) -> Option<Alts> {
    if let Some(slot) = slot(hir) {
        return Some(Alts(vec![vec![slot]]));
    }
    match hir.kind() {
        HirKind::Capture(c) => required(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => required(&r.sub),
        HirKind::Alternation(subs) => {
            either(subs, |sub| required(sub).map(|a| a.0)).map(Alts)
        }
        HirKind::Concat(subs) => best_of_concat(subs),
        _ => None,
    }
}

/// The strongest atoms of a concatenation: a run of literal pieces side
/// by side, or the atoms of one of its parts.
fn best_of_concat(subs: &[Hir]) -> Option<Alts> {
    let mut candidates = Vec::new();
    let mut run: Vec<Slot> = Vec::new();
    for sub in subs {
        if matches!(sub.kind(), HirKind::Look(_)) {
            continue;
        }
        match slot(sub) {
            Some(s) => run.push(s),
            None => {
                if !run.is_empty() {
                    candidates.push(Alts(vec![std::mem::take(&mut run)]));
                }
                candidates.extend(required(sub));
            }
        }
    }
    if !run.is_empty() {
        candidates.push(Alts(vec![run]));
    }
    candidates.into_iter().max_by_key(Alts::strength)
}

/// `hir` as one position of an atom, when it is a literal or a class of
/// a few characters (as case-insensitive letters are).
fn slot(hir: &Hir) -> Option<Slot> {
    match hir.kind() {
        HirKind::Literal(lit) => Some(vec![lit.0.to_ascii_lowercase()]),
        HirKind::Class(Class::Unicode(class)) => {
            let chars =
                few(class.ranges().iter().flat_map(|r| r.start()..=r.end()))?;
            Some(ascii_fold(chars.iter().map(|c| c.to_string().into_bytes())))
        }
        HirKind::Class(Class::Bytes(class)) => {
            let bytes =
                few(class.ranges().iter().flat_map(|r| r.start()..=r.end()))?;
            Some(ascii_fold(bytes.into_iter().map(|b| vec![b])))
        }
        _ => None,
    }
}

/// The members of a class, when it has at most [`MAX_CLASS`].
fn few<T>(members: impl Iterator<Item = T>) -> Option<Vec<T>> {
    let members: Vec<T> = members.take(MAX_CLASS + 1).collect();
    (members.len() <= MAX_CLASS).then_some(members)
}

/// Spellings with ASCII letters lower-cased and duplicates dropped: the
/// gate matches ASCII letters in either case.
fn ascii_fold(spellings: impl Iterator<Item = Vec<u8>>) -> Slot {
    let mut slot: Slot = spellings.map(|s| s.to_ascii_lowercase()).collect();
    slot.sort();
    slot.dedup();
    slot
}

/// The longest run of `atom`'s slots whose spellings stay within
/// [`MAX_SPELLINGS`] (at least one slot), starting at its first when
/// `leading`.
fn window(atom: &[Slot], leading: bool) -> &[Slot] {
    let mut best = &atom[..atom.len().min(1)];
    let starts = if leading { 0..atom.len().min(1) } else { 0..atom.len() };
    for start in starts {
        let mut count = 1;
        for end in start..atom.len() {
            count *= atom[end].len();
            if count > MAX_SPELLINGS {
                break;
            }
            if end + 1 - start > best.len() {
                best = &atom[start..=end];
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spellings(pattern: &str) -> Option<Vec<String>> {
        let atoms = Atoms::of(pattern)?;
        Some(
            atoms
                .spellings()
                .into_iter()
                .map(|s| String::from_utf8(s).unwrap())
                .collect(),
        )
    }

    #[test]
    fn literals_are_required() {
        assert_eq!(
            spellings(r"(?i)^photo\s*:\s*.{1,120}$").unwrap(),
            ["photo"]
        );
        assert_eq!(
            spellings(r"(?i)\d+\s*(?:views?|shares?)").unwrap(),
            ["share", "view", "ſhare"]
        );
        assert_eq!(spellings(r"(?i)公网安备\s*\d+").unwrap(), ["公网安备"]);
    }

    #[test]
    fn the_strongest_part_of_a_concatenation_is_taken() {
        let s =
            spellings(r"(?i)[^().]{0,40}[(（]\s*(?-i:AFP|Reuters)").unwrap();
        assert_eq!(s, ["afp", "reuters"]);
    }

    #[test]
    fn non_ascii_case_is_spelled_out() {
        assert_eq!(spellings(r"(?i)фа").unwrap(), ["ФА", "Фа", "фА", "фа"]);
        // Too many spellings (т alone has four): a window of the atom.
        let s = spellings(r"(?i)фото:").unwrap();
        assert!(s.contains(&"то:".to_string()), "{s:?}");
        assert!(s.contains(&"ТО:".to_string()), "{s:?}");
        let k = spellings(r"(?i)kk").unwrap();
        assert!(k.contains(&"\u{212a}k".to_string()), "{k:?}");
    }

    #[test]
    fn regexes_that_need_no_literal_have_no_atoms() {
        assert_eq!(spellings(r"(?i)\d+"), None);
        assert_eq!(spellings(r"(?i)(?:photo)?\s*\d+"), None);
        assert_eq!(spellings(r"(?i)photo|\d+"), None);
    }
}
