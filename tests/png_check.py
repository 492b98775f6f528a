#!/usr/bin/env python3
"""png_check.py FILE MIN_W MIN_H MAX_W MAX_H [RRGGBB...] — checks a PNG that `neurone run --plots`
wrote: 8-bit RGBA, its size within the bounds, not blank (at least 2% of its pixels are not white),
and for each RRGGBB at least 20 pixels of exactly that colour (the bars' blue and red). Prints what
was expected and what came, and exits 1, on the first failure. Standard library only."""
import struct
import sys
import zlib


def read_png(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG (its first 8 bytes are not the PNG signature)")
    pos, idat, head = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            head = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h, depth, colour, _, _, interlace = head
    if depth != 8 or colour != 6 or interlace:
        raise ValueError("expected 8-bit RGBA, not interlaced; got depth %d, colour type %d" % (depth, colour))
    raw, stride, rows, prev = zlib.decompress(idat), w * 4, [], bytearray(w * 4)
    for y in range(h):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):  # undo the row's filter (PNG spec, section 9)
            a = line[x - 4] if x >= 4 else 0
            b, c = prev[x], prev[x - 4] if x >= 4 else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, rows


def main():
    path, lo_w, lo_h, hi_w, hi_h = sys.argv[1], *map(int, sys.argv[2:6])
    w, h, rows = read_png(path)
    if not (lo_w <= w <= hi_w and lo_h <= h <= hi_h):
        sys.exit("%s: expected a size within %dx%d..%dx%d, got %dx%d" % (path, lo_w, lo_h, hi_w, hi_h, w, h))
    counts = {}
    for line in rows:
        for x in range(0, len(line), 4):
            key = bytes(line[x:x + 3])
            counts[key] = counts.get(key, 0) + 1
    drawn = w * h - counts.get(b"\xff\xff\xff", 0)
    if drawn < 0.02 * w * h:
        sys.exit("%s: expected a drawing (2%% of the pixels not white), got %d of %d" % (path, drawn, w * h))
    for hexc in sys.argv[6:]:
        n = counts.get(bytes.fromhex(hexc), 0)
        if n < 20:
            sys.exit("%s: expected at least 20 pixels of #%s, got %d" % (path, hexc, n))


if __name__ == "__main__":
    try:
        main()
    except (OSError, ValueError, zlib.error, struct.error, TypeError) as e:
        sys.exit("%s: cannot be read as a PNG: %s" % (sys.argv[1], e))
