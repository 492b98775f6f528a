// gen.js — writes tests/keras/fixtures.txt, the golden values that tests/test_keras.c checks
// Neurone against.
//
// Regenerate (from this folder):   npm install && node gen.js
// The fixtures in the repository were made with @tensorflow/tfjs 4.22.0 (pure JS, CPU backend;
// the exact versions are written into the fixture's header). The format is described in README.md.
//
// Why TensorFlow.js: it is the Keras layers API (a port of Keras 2) and runs in plain Node, so the
// golden values come from an independent implementation rather than from a second copy of our own
// maths. Every weight and every sample is drawn here from a small seeded generator and written
// into the fixture, so the C test trains from exactly the same float32 numbers.
//
// Where tfjs differs from Keras 3, the case is arranged so that the difference cannot show:
//   - Adam: Keras 3 computes lr*sqrt(1-b2^t)/(1-b1^t) * m/(sqrt(v)+eps); tfjs computes
//     lr*m̂/(sqrt(v̂)+eps). The two agree exactly when tfjs's epsilon at step t is
//     eps/sqrt(1-b2^t), so KerasAdam below sets it before every step.
//   - RMSprop: both divide by sqrt(v+eps) (Keras 3's rmsprop.py, tfjs's rmsprop_optimizer.js);
//     with momentum 0 the two are the same formula. Adagrad: both divide by sqrt(acc+eps),
//     initial accumulator 0.1, eps 1e-7 (tfjs uses the backend epsilon, 1e-7 for float32).
//   - SGD with momentum: tfjs keeps acc = mu*acc + g and steps -lr*acc (nesterov: -lr*(g+mu*acc));
//     Keras keeps m = mu*m - lr*g; with a constant learning rate m = -lr*acc, the same update.
//   - sparse_categorical_crossentropy: tfjs clips its input to [eps, 1-eps] even when from_logits,
//     which would clip logits; the from_logits case therefore uses its own loss, the mean over
//     the batch of -log_softmax(logits)[label], as Keras 3 does (no clipping with logits), and
//     hands tfjs one-hot labels (the fixture keeps the class indices).
//   - The cross-entropies clip probabilities to [1e-7, 1-1e-7] in both; Keras 3's TensorFlow
//     backend sometimes bypasses the clip by reading the logits behind a softmax or sigmoid.
//     The generator refuses a case where any probability it sees comes near the clip (guardClip).
//   - Accuracy counts argmax or p > 0.5: a near tie could flip on a rounding difference. The
//     generator refuses a case where any prediction that an accuracy counts is within MARGIN of
//     a tie (guardMargin), checked before every training batch, at every validation and at the
//     final evaluate.
//   - fit's per-epoch loss and metric: tfjs's BaseLogger sums value*batch_size and divides by the
//     samples seen, the batch-size-weighted mean that Keras 3's Mean trackers compute.
//     evaluate() (testLoop) does the same over batches of 32. validation_split takes the last
//     samples, split at floor(n*(1-split)), as Keras 3's train_validation_split.
'use strict';

const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

const MARGIN = 2e-4;   // smallest allowed distance from an accuracy tie
const CLIP_GUARD = 1e-5; // probabilities must stay inside [CLIP_GUARD, 1-CLIP_GUARD]
const PREDICT_ROWS = 6;

// ---- a small seeded generator (xorshift32), so that the data are the same on every machine -----

function makeRng(seed) {
    let s = seed >>> 0 || 1;
    const next = () => {
        s ^= s << 13; s >>>= 0;
        s ^= s >>> 17;
        s ^= s << 5; s >>>= 0;
        return s;
    };
    // 24 random bits scaled to [0, 1): exactly representable in float32.
    const uniform = () => (next() >>> 8) / 16777216;
    // uniform in [-a, a), rounded to float32 so that the fixture and tfjs hold the same number.
    const sym = (a) => Math.fround((uniform() * 2 - 1) * a);
    return { next, uniform, sym };
}

// ---- data sets ------------------------------------------------------------------------------

function drawX(rng, n, d) {
    const x = [];
    for (let i = 0; i < n; i++) {
        const row = [];
        for (let j = 0; j < d; j++) row.push(rng.sym(1.5));
        x.push(row);
    }
    return x;
}

// A random linear "teacher" plus noise decides the labels, so that there is something to learn
// and the accuracy moves during training.
function teacherScores(rng, x, k) {
    const d = x[0].length;
    const t = [];
    for (let j = 0; j < d * k; j++) t.push(rng.sym(1));
    return x.map((row) => {
        const s = [];
        for (let c = 0; c < k; c++) {
            let v = 0.3 * rng.sym(1);
            for (let j = 0; j < d; j++) v += row[j] * t[j * k + c];
            s.push(v);
        }
        return s;
    });
}

const argmax = (a) => a.reduce((best, v, i) => (v > a[best] ? i : best), 0);

function makeData(rng, kind, n, d, k) {
    const x = drawX(rng, n, d);
    const s = teacherScores(rng, x, k);
    let y;
    switch (kind) {
    case 'onehot': y = s.map((r) => { const o = new Array(k).fill(0); o[argmax(r)] = 1; return o; }); break;
    case 'sparse': y = s.map((r) => [argmax(r)]); break;
    case 'binary': y = s.map((r) => r.map((v) => (v > 0 ? 1 : 0))); break;
    case 'regression': y = s.map((r) => r.map((v) => Math.fround(Math.tanh(v)))); break;
    default: throw new Error('unknown data kind ' + kind);
    }
    return { x, y };
}

// ---- the cases ------------------------------------------------------------------------------
// layers: [units, activation]; opt: Keras optimizer name and the parameters that differ from
// Keras's defaults; fit: epochs / batch (0 = Keras default) and validation split.

const CASES = [
    { name: 'sgd_cce_relu_softmax', seed: 101, n: 64, d: 4, data: 'onehot',
      layers: [[8, 'relu'], [3, 'softmax']], opt: 'sgd', params: { learning_rate: 0.1 },
      loss: 'categorical_crossentropy', metric: 'accuracy', epochs: 4, batch: 16, split: 0 },
    { name: 'sgd_defaults_mse_tanh', seed: 202, n: 70, d: 3, data: 'regression',
      layers: [[6, 'tanh'], [2, 'linear']], opt: 'sgd', params: {},
      loss: 'mse', metric: null, epochs: 0, batch: 0, split: 0 },
    { name: 'sgd_momentum_sparse_tanh_split', seed: 303, n: 50, d: 5, data: 'sparse',
      layers: [[8, 'tanh'], [4, 'softmax']], opt: 'sgd', params: { learning_rate: 0.05, momentum: 0.9 },
      loss: 'sparse_categorical_crossentropy', metric: 'accuracy', epochs: 4, batch: 16, split: 0.2 },
    { name: 'sgd_nesterov_bce_sigmoid', seed: 404, n: 60, d: 4, data: 'binary',
      layers: [[6, 'relu'], [1, 'sigmoid']], opt: 'sgd',
      params: { learning_rate: 0.05, momentum: 0.9, nesterov: 1 },
      loss: 'binary_crossentropy', metric: 'accuracy', epochs: 4, batch: 16, split: 0 },
    { name: 'adam_defaults_cce_elu_split', seed: 505, n: 50, d: 4, data: 'onehot',
      layers: [[8, 'elu'], [3, 'softmax']], opt: 'adam', params: {},
      loss: 'categorical_crossentropy', metric: 'accuracy', epochs: 8, batch: 16, split: 0.2 },
    { name: 'adam_custom_sparse_logits_split', seed: 606, n: 50, d: 4, data: 'sparse',
      layers: [[8, 'relu'], [3, 'linear']], opt: 'adam',
      params: { learning_rate: 0.01, beta_1: 0.8, beta_2: 0.99, epsilon: 1e-6 },
      loss: 'sparse_categorical_crossentropy', fromLogits: true, metric: 'accuracy',
      epochs: 4, batch: 16, split: 0.2 },
    { name: 'rmsprop_defaults_mse_relu', seed: 707, n: 40, d: 3, data: 'regression',
      layers: [[8, 'relu'], [2, 'linear']], opt: 'rmsprop', params: {},
      loss: 'mse', metric: null, epochs: 3, batch: 8, split: 0 },
    { name: 'rmsprop_custom_cce_sigmoid_split', seed: 808, n: 50, d: 4, data: 'onehot',
      layers: [[8, 'sigmoid'], [3, 'softmax']], opt: 'rmsprop',
      params: { learning_rate: 0.01, rho: 0.8, epsilon: 1e-6 },
      loss: 'categorical_crossentropy', metric: 'accuracy', epochs: 3, batch: 16, split: 0.2 },
    { name: 'adagrad_defaults_mae_tanh', seed: 909, n: 40, d: 3, data: 'regression',
      layers: [[6, 'tanh'], [2, 'linear']], opt: 'adagrad', params: {},
      loss: 'mae', metric: null, epochs: 5, batch: 4, split: 0 },
    { name: 'adagrad_custom_sparse_relu_split', seed: 1010, n: 50, d: 4, data: 'sparse',
      layers: [[8, 'relu'], [3, 'softmax']], opt: 'adagrad',
      params: { learning_rate: 0.1, initial_accumulator_value: 0.5 },
      loss: 'sparse_categorical_crossentropy', metric: 'accuracy', epochs: 4, batch: 16, split: 0.2 },
    { name: 'deep_sgd_cce_split', seed: 1111, n: 80, d: 4, data: 'onehot',
      layers: [[8, 'relu'], [8, 'tanh'], [6, 'sigmoid'], [3, 'softmax']], opt: 'sgd',
      params: { learning_rate: 0.2 },
      loss: 'categorical_crossentropy', metric: 'accuracy', epochs: 4, batch: 32, split: 0.25 },
    { name: 'adam_bce_multilabel_tanh', seed: 1212, n: 50, d: 4, data: 'binary',
      layers: [[8, 'tanh'], [2, 'sigmoid']], opt: 'adam', params: { learning_rate: 0.01 },
      loss: 'binary_crossentropy', metric: 'accuracy', epochs: 3, batch: 16, split: 0 },
    { name: 'mse_binary_accuracy_by_shape', seed: 1313, n: 40, d: 3, data: 'binary',
      layers: [[6, 'relu'], [1, 'linear']], opt: 'sgd', params: { learning_rate: 0.05 },
      loss: 'mse', metric: 'accuracy', epochs: 3, batch: 10, split: 0 },
    { name: 'mse_categorical_accuracy_by_shape', seed: 1422, n: 50, d: 4, data: 'onehot',
      layers: [[6, 'tanh'], [3, 'softmax']], opt: 'rmsprop', params: { learning_rate: 0.01 },
      loss: 'mse', metric: 'accuracy', epochs: 3, batch: 16, split: 0 },
    { name: 'adam_gelu_leaky_relu_cce', seed: 1516, n: 50, d: 4, data: 'onehot',
      layers: [[8, 'gelu'], [6, 'leaky_relu'], [3, 'softmax']], opt: 'adam',
      params: { learning_rate: 0.01 },
      loss: 'categorical_crossentropy', metric: 'accuracy', epochs: 3, batch: 16, split: 0 },
    { name: 'sgd_mae_sigmoid_odd_split', seed: 1616, n: 47, d: 4, data: 'regression',
      layers: [[5, 'sigmoid'], [2, 'linear']], opt: 'sgd', params: { learning_rate: 0.1 },
      loss: 'mae', metric: null, epochs: 3, batch: 10, split: 0.3 },
];

// ---- Keras 3 semantics on top of tfjs ---------------------------------------------------------

const KERAS_DEFAULTS = {
    sgd: { learning_rate: 0.01, momentum: 0, nesterov: 0 },
    adam: { learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 },
    rmsprop: { learning_rate: 0.001, rho: 0.9, epsilon: 1e-7 },
    adagrad: { learning_rate: 0.001, initial_accumulator_value: 0.1, epsilon: 1e-7 },
};

// Keras 3's Adam, expressed through tfjs's: see the header.
class KerasAdam extends tf.AdamOptimizer {
    constructor(lr, b1, b2, eps) {
        super(lr, b1, b2, eps);
        this.kerasEpsilon = eps;
    }
    applyGradients(variableGradients) {
        const t = this.iterations + 1;
        this.epsilon = this.kerasEpsilon / Math.sqrt(1 - Math.pow(this.beta2, t));
        super.applyGradients(variableGradients);
    }
}

function makeOptimizer(c) {
    const p = Object.assign({}, KERAS_DEFAULTS[c.opt], c.params);
    switch (c.opt) {
    case 'sgd':
        return p.momentum ? tf.train.momentum(p.learning_rate, p.momentum, !!p.nesterov)
            : tf.train.sgd(p.learning_rate);
    case 'adam': return new KerasAdam(p.learning_rate, p.beta_1, p.beta_2, p.epsilon);
    case 'rmsprop': return tf.train.rmsprop(p.learning_rate, p.rho, 0, p.epsilon);
    case 'adagrad':
        if (p.epsilon !== 1e-7) throw new Error('tfjs adagrad has a fixed epsilon of 1e-7');
        return tf.train.adagrad(p.learning_rate, p.initial_accumulator_value);
    default: throw new Error('unknown optimizer ' + c.opt);
    }
}

// Keras 3's sparse_categorical_crossentropy(from_logits=True), given one-hot labels: the mean
// (taken by tfjs) over the batch of -log_softmax(logits)[label].
function sparseCrossentropyFromLogits(yTrue, yPred) {
    return tf.tidy(() => tf.neg(tf.sum(tf.mul(yTrue, tf.logSoftmax(yPred)), -1)));
}

const TFJS_LOSS = {
    categorical_crossentropy: 'categoricalCrossentropy',
    sparse_categorical_crossentropy: 'sparseCategoricalCrossentropy',
    binary_crossentropy: 'binaryCrossentropy',
    mse: 'meanSquaredError',
    mae: 'meanAbsoluteError',
};

function buildModel(c, weights) {
    const model = tf.sequential();
    let inputs = c.d;
    c.layers.forEach(([units, act], i) => {
        const first = i === 0 ? { inputShape: [inputs] } : {};
        if (act === 'leaky_relu') {
            // Keras 3's "leaky_relu" activation has negative_slope 0.2; tfjs's Dense does not
            // know the name, so a linear Dense followed by a LeakyReLU(0.2) layer stands in.
            model.add(tf.layers.dense(Object.assign({ units, activation: 'linear' }, first)));
            model.add(tf.layers.leakyReLU({ alpha: 0.2 }));
        } else {
            model.add(tf.layers.dense(Object.assign({ units, activation: act }, first)));
        }
        inputs = units;
    });
    const tensors = [];
    weights.forEach((w) => {
        tensors.push(tf.tensor2d(w.kernel, [w.inputs, w.units], 'float32'));
        tensors.push(tf.tensor1d(w.bias, 'float32'));
    });
    model.setWeights(tensors);
    let loss = TFJS_LOSS[c.loss];
    let metrics = c.metric ? ['accuracy'] : [];
    if (c.fromLogits) {
        loss = sparseCrossentropyFromLogits;
        // argmax of the logits is argmax of the probabilities: categorical accuracy on one-hot
        // labels is Keras's sparse_categorical_accuracy on the indices.
        metrics = c.metric ? [tf.metrics.categoricalAccuracy] : [];
    }
    model.compile({ optimizer: makeOptimizer(c), loss, metrics });
    return model;
}

function drawWeights(rng, c) {
    const weights = [];
    let inputs = c.d;
    for (const [units] of c.layers) {
        // glorot_uniform's limit, from our own generator; small non-zero biases so that a
        // bias mistake shows.
        const limit = Math.sqrt(6 / (inputs + units));
        const kernel = [], bias = [];
        for (let i = 0; i < inputs * units; i++) kernel.push(rng.sym(limit));
        for (let i = 0; i < units; i++) bias.push(rng.sym(0.1));
        weights.push({ inputs, units, kernel, bias });
        inputs = units;
    }
    return weights;
}

// ---- guards against fixtures that depend on rounding ----------------------------------------

function guardPredictions(c, pred, where) {
    const rows = pred.arraySync();
    const probabilities = ['softmax', 'sigmoid'].includes(c.layers[c.layers.length - 1][1]) &&
        c.loss.includes('crossentropy');
    for (const r of rows) {
        if (probabilities) {
            for (const p of r) {
                if (!(p > CLIP_GUARD && p < 1 - CLIP_GUARD)) {
                    throw new Error(`${c.name}: probability ${p} near the clip at ${where}`);
                }
            }
        }
        if (!c.metric) continue;
        if (r.length === 1 || c.loss === 'binary_crossentropy') {
            for (const p of r) {
                if (Math.abs(p - 0.5) < MARGIN) {
                    throw new Error(`${c.name}: ${p} too close to 0.5 at ${where}`);
                }
            }
        } else {
            const s = r.slice().sort((a, b) => b - a);
            if (s[0] - s[1] < MARGIN) {
                throw new Error(`${c.name}: near tie ${s[0]} ${s[1]} at ${where}`);
            }
        }
    }
}

function guardRows(c, model, x, from, to, where) {
    tf.tidy(() => guardPredictions(c, model.predict(x.slice([from, 0], [to - from, c.d])), where));
}

// ---- running one case -----------------------------------------------------------------------

const fmt = (v) => Math.fround(v).toPrecision(9);
const fmtRow = (r) => r.map(fmt).join(' ');

async function runCase(c) {
    const rng = makeRng(c.seed);
    const k = c.layers[c.layers.length - 1][0];
    const { x, y } = makeData(rng, c.data, c.n, c.d, k);
    const weights = drawWeights(rng, c);
    const model = buildModel(c, weights);

    const epochs = c.epochs || 1;   // Keras defaults, for the cases that leave them at 0
    const batch = c.batch || 32;
    const xs = tf.tensor2d(x, [c.n, c.d], 'float32');
    let yForTf = y;
    if (c.fromLogits) yForTf = y.map(([label]) => { const o = new Array(k).fill(0); o[label] = 1; return o; });
    const ys = tf.tensor2d(yForTf, [c.n, yForTf[0].length], 'float32');

    const nTrain = c.split > 0 ? Math.floor(c.n * (1 - c.split)) : c.n;
    const batches = Math.ceil(nTrain / batch);
    const history = await model.fit(xs, ys, {
        epochs, batchSize: batch, shuffle: false, validationSplit: c.split || undefined, verbose: 0,
        callbacks: {
            onBatchBegin: async (b) => {
                const from = b * batch, to = Math.min(from + batch, nTrain);
                guardRows(c, model, xs, from, to, `batch ${b}`);
            },
            onEpochEnd: async (e) => {
                if (c.split > 0) guardRows(c, model, xs, nTrain, c.n, `validation ${e}`);
            },
        },
    });
    guardRows(c, model, xs, 0, c.n, 'evaluate');

    const h = history.history;
    const metricKey = Object.keys(h).find((key) => key !== 'loss' && !key.startsWith('val_'));
    if (!!metricKey !== !!c.metric) throw new Error(`${c.name}: unexpected history keys ${Object.keys(h)}`);
    const ev = model.evaluate(xs, ys, { batchSize: 32 });
    const evalOut = (Array.isArray(ev) ? ev : [ev]).map((t) => t.dataSync()[0]);
    const pred = model.predict(xs.slice([0, 0], [PREDICT_ROWS, c.d])).arraySync();

    const out = [];
    out.push(`case ${c.name}`);
    out.push(`input ${c.d}`);
    c.layers.forEach(([units, act], i) => {
        out.push(`dense ${units} ${act}`);
        const w = weights[i];
        out.push(`kernel ${w.inputs} ${w.units}`);
        for (let r = 0; r < w.inputs; r++) out.push(fmtRow(w.kernel.slice(r * w.units, (r + 1) * w.units)));
        out.push(`bias ${w.units}`);
        out.push(fmtRow(w.bias));
    });
    out.push(`compile ${c.opt} ${c.loss} ${c.metric || 'none'}`);
    for (const [key, v] of Object.entries(c.params)) out.push(`optimizer_param ${key} ${v}`);
    if (c.fromLogits) out.push('loss_param from_logits 1');
    out.push(`fit epochs ${c.epochs} batch ${c.batch} split ${c.split}`);
    out.push(`x ${c.n} ${c.d}`);
    x.forEach((r) => out.push(fmtRow(r)));
    out.push(`y ${c.n} ${y[0].length}`);
    y.forEach((r) => out.push(fmtRow(r)));
    const hist = (label, key) => { if (h[key]) out.push(`history ${label} ${h[key].length} ${fmtRow(h[key])}`); };
    hist('loss', 'loss');
    if (metricKey) hist('metric', metricKey);
    hist('val_loss', 'val_loss');
    if (metricKey) hist('val_metric', 'val_' + metricKey);
    out.push(`evaluate ${fmt(evalOut[0])} ${c.metric ? fmt(evalOut[1]) : 'none'}`);
    out.push(`predict ${PREDICT_ROWS} ${k}`);
    pred.forEach((r) => out.push(fmtRow(r)));
    out.push('end');
    process.stderr.write(`${c.name}: ${nTrain} train samples, ${batches} batches/epoch, ` +
        `loss ${h.loss.map(fmt).join(' ')}\n`);
    tf.dispose([xs, ys]);
    model.dispose();
    return out.join('\n');
}

async function main() {
    await tf.setBackend('cpu');
    const texts = [];
    for (const c of CASES) texts.push(await runCase(c));
    const header = [
        '# Keras parity fixtures for tests/test_keras.c. Generated by tests/keras/gen.js; do not edit.',
        `# tfjs ${tf.version.tfjs}, tfjs-layers ${tf.version_layers}, backend ${tf.getBackend()}.`,
        '# Format: tests/keras/README.md.',
        'neurone-keras-fixtures 1',
        `cases ${CASES.length}`,
    ];
    const file = path.join(__dirname, 'fixtures.txt');
    fs.writeFileSync(file, header.join('\n') + '\n' + texts.join('\n') + '\n');
    process.stderr.write(`wrote ${CASES.length} cases to ${file}\n`);
}

main().catch((e) => { process.stderr.write(`gen.js: ${e.stack || e}\n`); process.exit(1); });
