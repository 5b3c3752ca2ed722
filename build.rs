//! Works out, once when deboiler is built, the class of every character
//! of the Basic Multilingual Plane (see `src/shape/class.rs`), which
//! `Shape::measure` reads for every character that is not an ASCII
//! letter or digit: 64 KB that took some 48M instructions, more than a
//! third of a one-page run, to work out at every start.

use std::path::PathBuf;

// The measure's own classing, so that the table cannot disagree with it
// (a unit test checks every entry against it too).
#[allow(dead_code)]
#[path = "src/shape/class.rs"]
mod class;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/shape/class.rs");
    // Surrogates are no characters: they never occur in a `str`.
    let table: Vec<u8> = (0..0x10000)
        .map(|i| {
            char::from_u32(i).map_or(0, |c| class::Class::of_properties(c).0)
        })
        .collect();
    let out = PathBuf::from(
        std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"),
    );
    std::fs::write(out.join("bmp_classes.bin"), table)
        .expect("OUT_DIR is writable");
}
