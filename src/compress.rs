//! Compressed inputs and outputs: gzip (multi-member, as Dolma and
//! datatrove write it) and zstd, read by their magic bytes and written by
//! the output's name or `--compress`.

use std::io::{self, BufRead, Write};

use flate2::bufread::MultiGzDecoder;
use flate2::write::GzEncoder;

/// A stream's compression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    /// None.
    None,
    /// gzip.
    Gzip,
    /// Zstandard.
    Zstd,
}

impl Compression {
    /// The compression the first bytes of a stream show.
    pub fn sniff(head: &[u8]) -> Compression {
        if head.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else {
            Compression::None
        }
    }

    /// The compression a file's name says (`.gz`, `.zst`).
    pub fn of_name(name: &str) -> Compression {
        if name.ends_with(".gz") {
            Compression::Gzip
        } else if name.ends_with(".zst") {
            Compression::Zstd
        } else {
            Compression::None
        }
    }

    /// The extension its files take, with its dot.
    pub fn extension(self) -> &'static str {
        match self {
            Compression::None => "",
            Compression::Gzip => ".gz",
            Compression::Zstd => ".zst",
        }
    }

    /// `name` with this compression's extension instead of its own.
    pub fn rename(self, name: &str) -> String {
        let own = Compression::of_name(name).extension();
        format!("{}{}", &name[..name.len() - own.len()], self.extension())
    }
}

/// `r` decompressed, by its magic bytes.
pub fn decode(
    mut r: Box<dyn BufRead + Send>,
) -> io::Result<Box<dyn BufRead + Send>> {
    Ok(match Compression::sniff(r.fill_buf()?) {
        Compression::None => r,
        Compression::Gzip => Box::new(io::BufReader::with_capacity(
            1 << 16,
            MultiGzDecoder::new(r),
        )),
        Compression::Zstd => Box::new(io::BufReader::with_capacity(
            1 << 16,
            zstd::stream::read::Decoder::with_buffer(r)?,
        )),
    })
}

/// A writer that compresses into `W`, or not.
pub enum Sink<W: Write> {
    /// Uncompressed.
    Plain(W),
    /// gzip.
    Gzip(GzEncoder<W>),
    /// Zstandard.
    Zstd(zstd::stream::write::Encoder<'static, W>),
}

impl<W: Write> Sink<W> {
    /// A sink of `compression` into `w`.
    pub fn new(w: W, compression: Compression) -> io::Result<Sink<W>> {
        Ok(match compression {
            Compression::None => Sink::Plain(w),
            Compression::Gzip => {
                Sink::Gzip(GzEncoder::new(w, flate2::Compression::default()))
            }
            Compression::Zstd => {
                Sink::Zstd(zstd::stream::write::Encoder::new(w, 3)?)
            }
        })
    }

    /// Ends the compressed stream and flushes it; gives back the writer.
    pub fn finish(self) -> io::Result<W> {
        let mut w = match self {
            Sink::Plain(w) => w,
            Sink::Gzip(e) => e.finish()?,
            Sink::Zstd(e) => e.finish()?,
        };
        w.flush()?;
        Ok(w)
    }
}

impl<W: Write> Write for Sink<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Plain(w) => w.write(buf),
            Sink::Gzip(e) => e.write(buf),
            Sink::Zstd(e) => e.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Sink::Plain(w) => w.write_all(buf),
            Sink::Gzip(e) => e.write_all(buf),
            Sink::Zstd(e) => e.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Plain(w) => w.flush(),
            Sink::Gzip(e) => e.flush(),
            Sink::Zstd(e) => e.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn round_trip(c: Compression) {
        let text = b"{\"id\":1}\n".repeat(1000);
        let mut sink = Sink::new(Vec::new(), c).unwrap();
        sink.write_all(&text).unwrap();
        let bytes = sink.finish().unwrap();
        assert_eq!(Compression::sniff(&bytes), c);
        let r: Box<dyn BufRead + Send> = Box::new(io::Cursor::new(bytes));
        let mut back = Vec::new();
        decode(r).unwrap().read_to_end(&mut back).unwrap();
        assert_eq!(back, text);
    }

    #[test]
    fn every_compression_round_trips() {
        for c in [Compression::None, Compression::Gzip, Compression::Zstd] {
            round_trip(c);
        }
    }

    #[test]
    fn gzip_of_several_members_reads_as_one_stream() {
        let mut bytes = Vec::new();
        for part in [&b"a\n"[..], b"b\n"] {
            let mut sink = Sink::new(Vec::new(), Compression::Gzip).unwrap();
            sink.write_all(part).unwrap();
            bytes.extend(sink.finish().unwrap());
        }
        let mut back = String::new();
        let r: Box<dyn BufRead + Send> = Box::new(io::Cursor::new(bytes));
        decode(r).unwrap().read_to_string(&mut back).unwrap();
        assert_eq!(back, "a\nb\n");
    }

    #[test]
    fn names_change_compression() {
        assert_eq!(Compression::Gzip.rename("a.jsonl"), "a.jsonl.gz");
        assert_eq!(Compression::None.rename("a.jsonl.zst"), "a.jsonl");
        assert_eq!(Compression::Zstd.rename("a.txt.gz"), "a.txt.zst");
    }
}
