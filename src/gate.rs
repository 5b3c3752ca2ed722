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
//! An atom may be in a line by chance (`of` in any English sentence, for
//! `^\d{1,2}of\d{1,2}`), so two cheaper tests come before the regex: the
//! bytes its matches can start with, when it is anchored at the line's
//! start ([`FirstBytes`]), and the pieces without letters that its
//! matches need, found by a byte search ([`Needs`]).
//!
//! The key invariant: whatever a regex matches holds one of its atoms (at
//! its start, for leading atoms), starts with one of its first bytes and
//! holds its needs, so a gate only ever skips lines the regex would not
//! match. Atoms are to be matched with ASCII letters in
//! either case; letters whose case folding is not ASCII (`ф`/`Ф`, `k` and
//! the Kelvin sign) are spelled out in every case the regex accepts.

use regex_syntax::hir::{Class, Hir, HirKind};

/// The syntax tree of `pattern` (in the syntax of the `regex` crate),
/// which the gates are read off; `None` when it fails to parse.
pub fn parse(pattern: &str) -> Option<Hir> {
    regex_syntax::Parser::new().parse(pattern).ok()
}

/// What follows the start anchor of `hir`, when it begins with one.
fn after_start(hir: &Hir) -> Option<&[Hir]> {
    let HirKind::Concat(subs) = hir.kind() else { return None };
    let (first, rest) = subs.split_first()?;
    let start = HirKind::Look(regex_syntax::hir::Look::Start);
    (*first.kind() == start).then_some(rest)
}

/// The bytes a line may start with for a regex anchored at its start to
/// match it: a set of 256 bits.
///
/// The key invariant: every match of the regex starts with a byte in the
/// set (a regex that can match the empty string has no set).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FirstBytes([u64; 4]);

impl FirstBytes {
    /// The first bytes of the matches of `hir`, when it is anchored at the
    /// start, none of its matches is empty and they cannot start with
    /// every ASCII letter and digit (a gate that lets those through lets
    /// nearly every line through).
    pub fn of(hir: &Hir) -> Option<FirstBytes> {
        let rest = after_start(hir)?;
        let mut set = FirstBytes([0; 4]);
        let narrow = |set: &FirstBytes| {
            (0..=u8::MAX)
                .filter(u8::is_ascii_alphanumeric)
                .any(|b| !set.contains(b))
        };
        (set.add_concat(rest) && narrow(&set)).then_some(set)
    }

    /// Whether `byte` is in the set.
    pub fn contains(&self, byte: u8) -> bool {
        self.0[usize::from(byte / 64)] & (1 << (byte % 64)) != 0
    }

    fn add_range(&mut self, from: u8, to: u8) {
        (from..=to).for_each(|b| self.0[usize::from(b / 64)] |= 1 << (b % 64));
    }

    /// Adds the bytes the matches of `hir` start with; false when `hir`
    /// can match the empty string (its matches may start with whatever
    /// follows it) or it is not understood.
    fn add(&mut self, hir: &Hir) -> bool {
        match hir.kind() {
            HirKind::Literal(lit) => match lit.0.first() {
                Some(&b) => {
                    self.add_range(b, b);
                    true
                }
                None => false,
            },
            HirKind::Class(Class::Bytes(class)) => {
                class
                    .ranges()
                    .iter()
                    .for_each(|r| self.add_range(r.start(), r.end()));
                !class.ranges().is_empty()
            }
            HirKind::Class(Class::Unicode(class)) => {
                // The first byte of a character's UTF-8 grows with the
                // character: a range of characters starts with the range
                // of bytes between its ends' first bytes.
                let first = |c: char| c.encode_utf8(&mut [0; 4]).as_bytes()[0];
                for r in class.ranges() {
                    self.add_range(first(r.start()), first(r.end()));
                }
                !class.ranges().is_empty()
            }
            HirKind::Capture(c) => self.add(&c.sub),
            HirKind::Repetition(r) => self.add(&r.sub) && r.min >= 1,
            // Every branch's bytes are added, and the alternation is not
            // empty when none of its branches is.
            HirKind::Alternation(subs) => {
                subs.iter().filter(|sub| !self.add(sub)).count() == 0
            }
            HirKind::Concat(subs) => self.add_concat(subs),
            HirKind::Empty | HirKind::Look(_) => false,
        }
    }

    /// Adds the bytes the matches of the concatenation of `subs` start
    /// with: those of its first part, and of the next while a part can
    /// match the empty string.
    fn add_concat(&mut self, subs: &[Hir]) -> bool {
        subs.iter().any(|sub| self.add(sub))
    }
}

/// The pieces without ASCII letters that every match of a regex holds
/// besides its atoms, each as the byte strings it may be: the `(` or
/// `（` of `[(（]\s*(?:AFP|AP)`, the `19` or `20` of `(?:19|20)\d\d`;
/// and, for parts such as the digits of `\d{4}`, the bytes their matches
/// start with, when those are no ASCII letter or space. An atom found in
/// a line may be there by chance (`ap` in `happy`, `mar` in `Markets`);
/// a byte search for these turns such a line away before the regex is
/// asked.
///
/// The key invariant: every match of the regex holds one spelling of
/// each piece, and a byte of each set of first bytes. (Spellings without
/// ASCII letters are matched byte for byte: a class spells out every
/// character it holds, cases included.)
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Needs {
    pieces: Vec<Slot>,
    starts: Vec<FirstBytes>,
}

impl Needs {
    /// The pieces of `hir` that a match of it needs wherever it starts:
    /// the parts of its top concatenation spelled out in few ways, none
    /// with an ASCII letter, and the first bytes of its parts when none is
    /// an ASCII letter or space (see [`FirstBytes`]).
    pub fn of(hir: &Hir) -> Needs {
        let HirKind::Concat(subs) = hir.kind() else {
            return Needs::default();
        };
        let free = |slot: &Slot| {
            slot.iter().all(|s| {
                !s.is_empty() && !s.iter().any(u8::is_ascii_alphabetic)
            })
        };
        // The bytes a part's matches start with, one of which every match
        // holds: a need when they are no ASCII letter or space (which
        // nearly every line has).
        let starts = |sub: &Hir| {
            let mut set = FirstBytes([0; 4]);
            if !set.add(sub) {
                return None;
            }
            let wordy = (0..0x80u8).any(|b| {
                (b.is_ascii_alphabetic() || b == b' ') && set.contains(b)
            });
            (!wordy).then_some(set)
        };
        Needs {
            pieces: subs.iter().filter_map(spelled_out).filter(free).collect(),
            starts: subs.iter().filter_map(starts).collect(),
        }
    }

    /// Whether `text` holds a spelling of every piece and a byte of every
    /// set of first bytes.
    pub fn met(&self, text: &[u8]) -> bool {
        let spelled = self.pieces.iter().all(|slot| {
            slot.iter().any(|s| match s.as_slice() {
                [b] => memchr::memchr(*b, text).is_some(),
                s => memchr::memmem::find(text, s).is_some(),
            })
        });
        spelled
            && self.starts.iter().all(|c| text.iter().any(|&b| c.contains(b)))
    }
}

/// Every way `hir` may be spelled, when it has at most [`MAX_SPELLINGS`]
/// (see [`spelled`]).
fn spelled_out(hir: &Hir) -> Option<Slot> {
    let mut out = Vec::new();
    for atom in spelled(hir)? {
        let ways = atom.iter().map(Vec::len);
        if ways.fold(1, usize::saturating_mul) > MAX_SPELLINGS {
            return None;
        }
        out.extend(spell(&atom));
    }
    (out.len() <= MAX_SPELLINGS).then_some(out)
}

/// Every spelling of `atom`: one of each slot's spellings after another.
fn spell(atom: &[Slot]) -> Vec<Vec<u8>> {
    atom.iter().fold(vec![Vec::new()], |ways, slot| {
        ways.iter()
            .flat_map(|pre| {
                slot.iter().map(move |s| [pre.as_slice(), s].concat())
            })
            .collect()
    })
}

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
    /// The atoms of `hir`: the leading ones when it is anchored at the
    /// start and begins with literal text, else the strongest literal
    /// text it needs anywhere; `None` when it can match without any.
    pub fn of(hir: &Hir) -> Option<Atoms> {
        let usable = |atoms: &Vec<Vec<Slot>>| {
            atoms.iter().all(|a| !a.is_empty() && letters(a) > 0)
        };
        if let Some(atoms) = after_start(hir).and_then(|_| leading(hir)) {
            if usable(&atoms) {
                return Some(Atoms::Leading(atoms));
            }
        }
        required(hir).map(|a| a.0).filter(usable).map(Atoms::Inner)
    }

    /// Every spelling of every atom, ASCII letters lower-cased.
    pub fn spellings(&self) -> Vec<Vec<u8>> {
        let (atoms, leading) = match self {
            Atoms::Leading(atoms) => (atoms, true),
            Atoms::Inner(atoms) => (atoms, false),
        };
        let mut out: Vec<Vec<u8>> =
            atoms.iter().flat_map(|a| spell(window(a, leading))).collect();
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
    match hir.kind() {
        HirKind::Capture(c) => leading(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => leading(&r.sub),
        HirKind::Alternation(subs) => either(subs, leading),
        HirKind::Concat(subs) => {
            // The parts spelled out in full, one after the other, and the
            // atoms of the first that is not.
            let mut atoms = vec![Vec::new()];
            for sub in subs {
                let (next, last) = match spelled(sub) {
                    Some(next) => (next, false),
                    None => match leading(sub) {
                        Some(next) => (next, true),
                        None => break,
                    },
                };
                match then(&atoms, &next) {
                    Some(longer) => atoms = longer,
                    None => break,
                }
                if last {
                    break;
                }
            }
            let atoms: Vec<Vec<Slot>> =
                atoms.into_iter().map(|a| firm(a, true)).collect();
            (atoms.iter().any(|a| !a.is_empty())).then_some(atoms)
        }
        _ => spelled(hir),
    }
}

/// Every spelling of `hir`, as atoms, when it has few: a slot, an
/// optional piece, or an alternation or concatenation of them. Whatever
/// `hir` matches is one of them.
fn spelled(hir: &Hir) -> Option<Vec<Vec<Slot>>> {
    if let Some(slot) = run_slot(hir) {
        return Some(vec![vec![slot]]);
    }
    match hir.kind() {
        // A look-around matches no text.
        HirKind::Look(_) => Some(vec![Vec::new()]),
        HirKind::Capture(c) => spelled(&c.sub),
        HirKind::Repetition(r) if r.min == 0 && r.max == Some(1) => {
            let mut atoms = spelled(&r.sub)?;
            atoms.push(Vec::new());
            Some(atoms)
        }
        HirKind::Alternation(subs) => either(subs, spelled),
        HirKind::Concat(subs) => {
            subs.iter().try_fold(vec![Vec::new()], |atoms, sub| {
                then(&atoms, &spelled(sub)?)
            })
        }
        _ => None,
    }
}

/// Each of `atoms` followed by each of `next`, unless they make more than
/// [`MAX_ATOMS`].
fn then(atoms: &[Vec<Slot>], next: &[Vec<Slot>]) -> Option<Vec<Vec<Slot>>> {
    if atoms.len() * next.len() > MAX_ATOMS {
        return None;
    }
    let joined = atoms.iter().flat_map(|atom| {
        next.iter().map(move |n| [atom.as_slice(), n.as_slice()].concat())
    });
    Some(joined.collect())
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

/// The strongest atoms of a concatenation: a run of parts spelled out in
/// full side by side (and into the atoms the part after it starts with),
/// or the atoms of one of its parts.
fn best_of_concat(subs: &[Hir]) -> Option<Alts> {
    let mut candidates = Vec::new();
    let mut run = vec![Vec::new()];
    for sub in subs {
        if let Some(next) = spelled(sub) {
            match then(&run, &next) {
                Some(longer) => run = longer,
                None => candidates.push(std::mem::replace(&mut run, next)),
            }
            continue;
        }
        let into = leading(sub).and_then(|next| then(&run, &next));
        candidates.push(into.unwrap_or(std::mem::take(&mut run)));
        candidates.extend(required(sub).map(|a| a.0));
        run = vec![Vec::new()];
    }
    candidates.push(run);
    candidates
        .into_iter()
        .map(|atoms| Alts(atoms.into_iter().map(|a| firm(a, false)).collect()))
        .filter(|alts| alts.0.iter().all(|a| !a.is_empty()))
        .max_by_key(Alts::strength)
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

/// `hir` as one position of a run of literal pieces: a slot, or an
/// optional one (the `-` of `e-?mail`), which may also be spelled as
/// nothing, so that the run goes on past it.
fn run_slot(hir: &Hir) -> Option<Slot> {
    match hir.kind() {
        HirKind::Repetition(r) if r.min == 0 && r.max == Some(1) => {
            let mut optional = slot(&r.sub)?;
            optional.push(Vec::new());
            Some(optional)
        }
        _ => slot(hir),
    }
}

/// `run` without the optional slots at its end, and, unless it is
/// `leading` (where they tell what a line may start with), at its start:
/// what is left is required as well, in fewer spellings.
fn firm(mut run: Vec<Slot>, leading: bool) -> Vec<Slot> {
    let optional = |slot: &Slot| slot.iter().any(Vec::is_empty);
    while run.last().is_some_and(optional) {
        run.pop();
    }
    let skip = match leading {
        true => 0,
        false => run.iter().take_while(|s| optional(s)).count(),
    };
    run.split_off(skip)
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
        let atoms = Atoms::of(&parse(pattern)?)?;
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
    fn runs_go_on_past_optional_pieces() {
        assert_eq!(
            spellings(r"(?i)^(?:e-?mail|print)").unwrap(),
            ["e-mail", "email", "print"]
        );
        assert_eq!(
            spellings(r"(?i)\d+ e-?mails?").unwrap(),
            [" e-mail", " email"]
        );
        // Alternatives spelled out in full (regex-syntax factors their
        // common prefix out) go on into what follows them.
        assert_eq!(
            spellings(r"(?i)^(?:(?:reading time|read time)\s*:?\s*\d+)")
                .unwrap(),
            ["read time", "reading time"]
        );
        assert_eq!(
            spellings(r"(?i)^(?:more (?:from|by)\s+\w+)").unwrap(),
            ["more by", "more from"]
        );
        // A piece that is optional alone is no atom.
        assert_eq!(spellings(r"(?i)^(?:x?\d+)"), None);
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
    fn anchored_regexes_start_with_their_first_bytes() {
        let first = |p| FirstBytes::of(&parse(p).unwrap());
        let digits = first(r"(?i)^(?:\d{1,2}of\d{1,2})").unwrap();
        assert!(digits.contains(b'3') && !digits.contains(b'o'));
        let words = first(r"(?i)^(?:(?:by|:)?\s*фото)").unwrap();
        for b in [b'b', b'B', b':', b' ', "ф".as_bytes()[0], "Ф".as_bytes()[0]]
        {
            assert!(words.contains(b), "{b:x}");
        }
        assert!(!words.contains(b'x'));
    }

    #[test]
    fn regexes_that_may_start_anywhere_have_no_first_bytes() {
        let first = |p| FirstBytes::of(&parse(p).unwrap());
        assert_eq!(first(r"(?i)\d+"), None);
        assert_eq!(first(r"(?i)^(?:\d*)"), None);
        assert_eq!(first(r"(?i)^(?:.{0,40}x)"), None);
        assert_eq!(first(r"(?s)^(?:.x)"), None);
        assert_eq!(first(r"(?i)^(?:\b\d)"), first(r"^\d"));
    }

    #[test]
    fn needs_are_the_letter_free_pieces_every_match_holds() {
        let needs = |p| Needs::of(&parse(p).unwrap());
        let wire = needs(r"(?i)^(?:[^()]{0,40}[(（]\s*(?-i:AFP|AP)\s*[)）])$");
        assert!(wire.met("Staff (AFP)".as_bytes()));
        assert!(wire.met("Staff （AP）".as_bytes()));
        assert!(!wire.met("Apple maps (".as_bytes()));
        // Pieces with letters, optional ones, classes with letters or
        // spaces are not needs: a line without them may match.
        for p in [r"(?i)photo:?x", r"x(?:\(|y)", r"[^a]", r"a\s+b", r"a\d?"] {
            assert!(needs(p).met(b""), "{p}");
        }
        assert!(!needs(r"(?i)photo\s*:\s*x").met(b"photo x"));
        // Alternatives spelled out, and classes of digits.
        let year = needs(r"(?i)(?:copyright|©)\s*(?:19|20)\d\d");
        assert!(year.met("© 2024".as_bytes()));
        assert!(!year.met("Copyright notice".as_bytes()));
        let date = needs(r"(?i)^(?:(?:jan|mar)[a-z]*\.?\s+\d{1,2})$");
        assert!(!date.met(b"Markets"));
        assert!(date.met(b"March 3"));
        // A digit beyond ASCII may be any character beyond it.
        assert!(date.met("Mar ٣".as_bytes()));
    }

    #[test]
    fn regexes_that_need_no_literal_have_no_atoms() {
        assert_eq!(spellings(r"(?i)\d+"), None);
        assert_eq!(spellings(r"(?i)(?:photo)?\s*\d+"), None);
        assert_eq!(spellings(r"(?i)photo|\d+"), None);
    }
}
