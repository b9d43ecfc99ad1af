#!/usr/bin/env python3
"""Extract a Jane Austen novel as plain text from Debian's r-cran-janeaustenr package.

The package (MIT, Julia Silge; the novels are Project Gutenberg's public-domain texts) stores each
novel as an R character vector, one printed line per element, in R's lazy-load database
(data/Rdata.rdx + Rdata.rdb). This script reads that format directly (no R needed): the index is
a gzip'd serialized list of name -> (offset, length) pairs; each object in the .rdb is a 4-byte
length followed by a zlib stream of R's XDR serialization.

Usage:
  apt-get download r-cran-janeaustenr && dpkg -x r-cran-janeaustenr_*.deb pkg
  python3 scripts/corpus/austen.py pkg persuasion > examples/data/persuasion.txt

Output: one paragraph per line (the printed lines of a paragraph joined with a space), blank lines
dropped, so a line is a unit of running text for `text(…)` (which starts each line afresh). The
Gutenberg italics marks (`_word_`) are removed; everything else is kept as printed.
"""
import gzip
import struct
import sys
import zlib
from pathlib import Path


class Reader:
    """R's XDR serialization, for the types a lazy-load index and a character vector use."""

    def __init__(self, data: bytes):
        self.data, self.at, self.refs = data, 0, []

    def int(self) -> int:
        (value,) = struct.unpack_from('>i', self.data, self.at)
        self.at += 4
        return value

    def header(self):
        assert self.data[:2] == b'X\n', 'not an XDR serialization'
        self.at = 2
        version = self.int()
        self.int(), self.int()
        if version == 3:
            name_length = self.int()  # the native encoding's name follows
            self.at += name_length

    def item(self):
        flags = self.int()
        kind, has_attr, has_tag = flags & 0xFF, flags & (1 << 9), flags & (1 << 10)
        if kind == 254:  # NILVALUE
            return None
        if kind == 255:  # REFSXP
            index = flags >> 8 or self.int()
            return self.refs[index - 1]
        if kind == 1:  # SYMSXP
            name = self.item()
            self.refs.append(name)
            return name
        if kind == 9:  # CHARSXP
            length = self.int()
            if length == -1:
                return None
            text = self.data[self.at:self.at + length].decode('utf-8')
            self.at += length
            return text
        if kind == 2:  # LISTSXP (pairlist): attributes, tag, car, cdr
            if has_attr:
                self.item()
            tag = self.item() if has_tag else None
            head = (tag, self.item())
            rest = self.item()
            return [head] + (rest or [])
        if kind in (10, 13, 14, 16, 19):
            length = self.int()
            if kind in (10, 13):
                values = list(struct.unpack_from(f'>{length}i', self.data, self.at))
                self.at += 4 * length
            elif kind == 14:
                values = list(struct.unpack_from(f'>{length}d', self.data, self.at))
                self.at += 8 * length
            else:
                values = [self.item() for _ in range(length)]
            attributes = dict(self.item()) if has_attr else {}
            names = attributes.get('names')
            return dict(zip(names, values)) if names else values
        raise ValueError(f'R type {kind} is not handled')


def unserialize(data: bytes):
    reader = Reader(data)
    reader.header()
    return reader.item()


def load(package: Path, name: str) -> list:
    data = package / 'usr/lib/R/site-library/janeaustenr/data'
    index = unserialize(gzip.decompress((data / 'Rdata.rdx').read_bytes()))
    offset, length = index['variables'][name]
    blob = (data / 'Rdata.rdb').read_bytes()[offset:offset + length]
    (size,) = struct.unpack_from('>i', blob)
    raw = zlib.decompress(blob[4:])
    assert len(raw) == size
    return unserialize(raw)


def paragraphs(lines: list) -> list:
    out, current = [], []
    for line in lines:
        line = (line or '').strip()
        if line:
            current.append(line)
        elif current:
            out.append(' '.join(current))
            current = []
    if current:
        out.append(' '.join(current))
    return [p.replace('_', '') for p in out]


if __name__ == '__main__':
    package, novel = Path(sys.argv[1]), sys.argv[2]
    sys.stdout.write(''.join(p + '\n' for p in paragraphs(load(package, novel))))
