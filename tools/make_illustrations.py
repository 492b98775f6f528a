#!/usr/bin/env python3
"""make_illustrations.py — draws the lessons' pictures into assets/images/, as PNG files.

The pictures are made here, from shapes, so that none is copied from anywhere: a biological neuron
(dendrites in green, the cell body in blue, the axon in orange, as lesson 1 describes them) and a
processor beside a graphics card (a few large cores against many small ones, lesson 7).

Only the standard library: shapes are rasterised with a one-pixel antialiased edge and the PNG is
written with zlib. Run from anywhere:  python3 tools/make_illustrations.py
"""
import math
import os
import struct
import zlib

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "assets", "images")


def hex_rgb(h):
    return ((h >> 16) & 255, (h >> 8) & 255, h & 255)


class Canvas:
    """An RGB image on white, with shapes drawn by coverage (0..1) blended over it."""

    def __init__(self, w, h, bg=0xFFFFFF):
        self.w, self.h = w, h
        r, g, b = hex_rgb(bg)
        self.px = [[r, g, b] for _ in range(w * h)]

    def blend(self, x, y, color, a):
        if a <= 0 or x < 0 or y < 0 or x >= self.w or y >= self.h:
            return
        a = min(a, 1.0)
        p = self.px[y * self.w + x]
        for i in range(3):
            p[i] = p[i] + (color[i] - p[i]) * a

    def shape(self, bbox, dist, color, alpha=1.0):
        """Fills where dist(x, y) < 0, with a one-pixel soft edge, inside bbox."""
        x0, y0, x1, y1 = bbox
        c = hex_rgb(color)
        for y in range(max(0, int(y0) - 1), min(self.h, int(y1) + 2)):
            for x in range(max(0, int(x0) - 1), min(self.w, int(x1) + 2)):
                d = dist(x + 0.5, y + 0.5)
                self.blend(x, y, c, alpha * max(0.0, min(1.0, 0.5 - d)))

    def circle(self, cx, cy, r, color, alpha=1.0):
        self.shape((cx - r, cy - r, cx + r, cy + r), lambda x, y: math.hypot(x - cx, y - cy) - r, color, alpha)

    def ring(self, cx, cy, r, width, color):
        self.shape((cx - r - width, cy - r - width, cx + r + width, cy + r + width),
                   lambda x, y: abs(math.hypot(x - cx, y - cy) - r) - width / 2, color)

    def capsule(self, ax, ay, bx, by, ra, rb, color, alpha=1.0):
        """A segment from a to b, ra thick (radius) at a and rb at b, with round ends."""
        dx, dy = bx - ax, by - ay
        ll = dx * dx + dy * dy or 1e-9

        def dist(x, y):
            t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / ll))
            return math.hypot(x - (ax + t * dx), y - (ay + t * dy)) - (ra + (rb - ra) * t)

        r = max(ra, rb)
        self.shape((min(ax, bx) - r, min(ay, by) - r, max(ax, bx) + r, max(ay, by) + r), dist, color, alpha)

    def ellipse(self, cx, cy, rx, ry, angle, color, alpha=1.0):
        ca, sa = math.cos(angle), math.sin(angle)

        def dist(x, y):
            u = ((x - cx) * ca + (y - cy) * sa) / rx
            v = (-(x - cx) * sa + (y - cy) * ca) / ry
            return (math.hypot(u, v) - 1) * min(rx, ry)

        r = max(rx, ry)
        self.shape((cx - r, cy - r, cx + r, cy + r), dist, color, alpha)

    def round_rect(self, x0, y0, x1, y1, rad, color, alpha=1.0):
        cx, cy, hx, hy = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2 - rad, (y1 - y0) / 2 - rad

        def dist(x, y):
            qx, qy = abs(x - cx) - hx, abs(y - cy) - hy
            return math.hypot(max(qx, 0), max(qy, 0)) + min(max(qx, qy), 0) - rad

        self.shape((x0, y0, x1, y1), dist, color, alpha)

    def triangle(self, pts, color):
        (ax, ay), (bx, by), (cx, cy) = pts

        def edge(px, py, qx, qy, x, y):
            ex, ey = qx - px, qy - py
            return ((x - px) * ey - (y - py) * ex) / (math.hypot(ex, ey) or 1)

        sign = 1 if edge(ax, ay, bx, by, cx, cy) < 0 else -1

        def dist(x, y):
            return max(sign * edge(ax, ay, bx, by, x, y), sign * edge(bx, by, cx, cy, x, y),
                       sign * edge(cx, cy, ax, ay, x, y))

        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        self.shape((min(xs), min(ys), max(xs), max(ys)), dist, color)

    def save(self, path):
        raw = bytearray()
        for y in range(self.h):
            raw.append(0)
            for x in range(self.w):
                raw.extend(int(round(v)) for v in self.px[y * self.w + x])

        def chunk(kind, data):
            c = struct.pack(">I", len(data)) + kind + data
            return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

        png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", self.w, self.h, 8, 2, 0, 0, 0))
        png += chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")
        with open(path, "wb") as f:
            f.write(png)


GREEN, BLUE, DARK_BLUE, ORANGE, LIGHT_ORANGE, GREY = 0x2CA02C, 0x5FA8D3, 0x1D5F8A, 0xF59322, 0xFBC58A, 0x8A96A3


def dendrite(cv, x, y, angle, length, width, depth):
    """A branch that forks in two, thinner at each fork."""
    ex, ey = x + math.cos(angle) * length, y + math.sin(angle) * length
    cv.capsule(x, y, ex, ey, width, width * 0.7, GREEN)
    if depth > 0:
        for turn in (-0.45, 0.4):
            dendrite(cv, ex, ey, angle + turn, length * 0.68, width * 0.7, depth - 1)
    else:
        cv.circle(ex, ey, width * 1.1, GREEN)


def biological_neuron():
    cv = Canvas(640, 300)
    cx, cy = 190, 140
    # dendrites: the inputs, all around the left of the cell body
    for angle in (math.pi * 0.62, math.pi * 0.85, math.pi * 1.08, math.pi * 1.32, math.pi * 1.52):
        dendrite(cv, cx + math.cos(angle) * 30, cy + math.sin(angle) * 30, angle, 46, 6.5, 2)
    # the axon: the output, a long fibre to the right, wrapped in myelin
    pts = [(cx + 30 + i * 6.0, cy + 10 * math.sin(i / 9.0)) for i in range(57)]
    for (ax, ay), (bx, by) in zip(pts, pts[1:]):
        cv.capsule(ax, ay, bx, by, 4.5, 4.5, ORANGE)
    for k in range(6):
        i = 7 + k * 8
        (ax, ay), (bx, by) = pts[i], pts[i + 5]
        cv.ellipse((ax + bx) / 2, (ay + by) / 2, 16, 9, math.atan2(by - ay, bx - ax), LIGHT_ORANGE)
    # the terminals, where the signal leaves for the next neurons
    ex, ey = pts[-1]
    for angle in (-0.7, -0.25, 0.2, 0.65):
        tx, ty = ex + math.cos(angle) * 42, ey + math.sin(angle) * 42
        cv.capsule(ex, ey, tx, ty, 3.2, 2.4, ORANGE)
        cv.circle(tx, ty, 6.5, ORANGE)
    # the cell body and its nucleus, on top
    cv.circle(cx, cy, 40, BLUE)
    cv.circle(cx - 4, cy + 2, 14, DARK_BLUE)
    # the way the signal goes: left to right
    cv.capsule(70, 272, 560, 272, 2, 2, GREY)
    cv.triangle([(572, 272), (556, 263), (556, 281)], GREY)
    return cv


def processors():
    cv = Canvas(640, 280)
    # a processor: a few large cores, each with its own control and a large cache around them
    cv.round_rect(30, 30, 290, 250, 14, 0xC9D0D7)
    cv.round_rect(40, 40, 280, 240, 10, 0xF3F4F6)
    for i in range(2):
        for j in range(2):
            x, y = 56 + i * 114, 56 + j * 92
            cv.round_rect(x, y, x + 96, y + 76, 8, 0x0877BD)
            cv.round_rect(x + 8, y + 8, x + 40, y + 30, 4, 0x7FB8DE)  # its control unit
    cv.round_rect(56, 224, 264, 232, 3, 0xA9B4BF)  # cache
    # a graphics card: many small cores, side by side, all doing the same thing
    cv.round_rect(350, 30, 610, 250, 14, 0xC9D0D7)
    cv.round_rect(360, 40, 600, 240, 10, 0xF3F4F6)
    for i in range(16):
        for j in range(12):
            x, y = 370 + i * 14, 52 + j * 14.5
            cv.round_rect(x, y, x + 11, y + 11.5, 2, ORANGE)
    cv.round_rect(370, 228, 590, 234, 3, 0xA9B4BF)
    return cv


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, make in (("neurone-biologique.png", biological_neuron), ("cpu-gpu.png", processors)):
        path = os.path.join(OUT, name)
        make().save(path)
        print("wrote", os.path.normpath(path))


if __name__ == "__main__":
    main()
