/* save.c — the model file: architecture, weights, optimizer and its state.
 *
 * Layout, little-endian throughout:
 *   "NEURONE\x1a"      magic, 8 bytes
 *   u32 version        NN_FORMAT_VERSION
 *   u32 body_length    bytes of the body that follows
 *   body               see write_body()
 *   u32 crc32          zlib's CRC-32 of everything before it
 * Saving writes a temporary file beside the target, syncs it, then renames it over the target,
 * so that a crash leaves either the old file or the new one, never half of one. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "model.h"

/* 2 added each layer's Dense options and Dropout rate; 3 each layer's L1 factor after its rate,
 * written only by a model with an L1 regularizer (the others stay version 2, byte for byte);
 * versions 1 and 2 still load */
#define NN_FORMAT_VERSION 3u
#define MAGIC NN_SAVE_MAGIC
#define MAX_FILE_BYTES (1ull << 31)

/* ---- a growing byte buffer ------------------------------------------------------------------------ */

typedef struct bytes { unsigned char *p; size_t len, cap; int oom; } bytes;

static void put(bytes *b, const void *src, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n)
            cap *= 2;
        unsigned char *grown = realloc(b->p, cap);
        if (!grown) {
            b->oom = 1;
            return;
        }
        b->p = grown;
        b->cap = cap;
    }
    memcpy(b->p + b->len, src, n);
    b->len += n;
}

static void put_u32(bytes *b, uint32_t v)
{
    unsigned char le[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                            (unsigned char)(v >> 24) };
    put(b, le, 4);
}

static void put_u64(bytes *b, uint64_t v)
{
    put_u32(b, (uint32_t)v);
    put_u32(b, (uint32_t)(v >> 32));
}

static void put_f64(bytes *b, double d)
{
    uint64_t v;
    memcpy(&v, &d, sizeof v);
    put_u64(b, v);
}

static void put_floats(bytes *b, const float *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t v;
        memcpy(&v, &f[i], sizeof v);
        put_u32(b, v);
    }
}

static void put_str(bytes *b, const char *s)
{
    put_u32(b, (uint32_t)strlen(s));
    put(b, s, strlen(s));
}

/* ---- a bounded reader ------------------------------------------------------------------------------ */

typedef struct reader { const unsigned char *p; size_t len, at; int bad; } reader;

static const unsigned char *take(reader *r, size_t n)
{
    if (r->bad || n > r->len - r->at) {
        r->bad = 1;
        return NULL;
    }
    const unsigned char *s = r->p + r->at;
    r->at += n;
    return s;
}

static uint32_t get_u32(reader *r)
{
    const unsigned char *s = take(r, 4);
    return s ? (uint32_t)s[0] | (uint32_t)s[1] << 8 | (uint32_t)s[2] << 16 | (uint32_t)s[3] << 24 : 0;
}

static uint64_t get_u64(reader *r)
{
    uint64_t lo = get_u32(r);
    return lo | (uint64_t)get_u32(r) << 32;
}

static double get_f64(reader *r)
{
    uint64_t v = get_u64(r);
    double d;
    memcpy(&d, &v, sizeof d);
    return d;
}

static void get_floats(reader *r, float *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t v = get_u32(r);
        memcpy(&f[i], &v, sizeof v);
    }
}

static void get_str(reader *r, char *dst, size_t cap)
{
    uint32_t n = get_u32(r);
    const unsigned char *s = n < cap ? take(r, n) : NULL;
    if (!s) {
        r->bad = 1;
        dst[0] = '\0';
        return;
    }
    memcpy(dst, s, n);
    dst[n] = '\0';
}

/* ---- the body ---------------------------------------------------------------------------------------- */

/* the version a model's file needs */
static uint32_t version_of(const nn_model *m)
{
    for (int l = 0; l < m->n_layers; l++)
        if (m->layers[l].kernel_l1 != 0.0f)
            return 3;
    return 2;
}

static void write_body(bytes *b, const nn_model *m)
{
    put_str(b, m->name);
    put_u32(b, m->seed);
    put_u32(b, (uint32_t)m->in_ndim);
    for (int i = 0; i < 3; i++)
        put_u32(b, (uint32_t)m->in_shape[i]);
    put_u32(b, (uint32_t)m->input_dim);
    put_u32(b, (uint32_t)m->n_layers);
    for (int l = 0; l < m->n_layers; l++) {
        const nn_layer *L = &m->layers[l];
        put_u32(b, (uint32_t)L->kind);
        put_u32(b, (uint32_t)L->act);
        put_u32(b, (uint32_t)L->in);
        put_u32(b, (uint32_t)L->out);
        put_str(b, L->name);
        put_u32(b, (uint32_t)L->use_bias);
        put_u32(b, (uint32_t)L->kernel_init);
        put_u32(b, (uint32_t)L->bias_init);
        put_floats(b, &L->kernel_l2, 1);
        put_floats(b, &L->rate, 1);
        if (version_of(m) >= 3)
            put_floats(b, &L->kernel_l1, 1);
    }
    put_u64(b, m->n_params);
    put_floats(b, m->params, m->n_params);
    put_u32(b, (uint32_t)m->compiled);
    if (!m->compiled)
        return;
    put_u32(b, (uint32_t)m->opt);
    put_u32(b, (uint32_t)m->loss);
    put_u32(b, (uint32_t)m->metric);
    put_u32(b, (uint32_t)m->from_logits);
    const nn_hparams *hp = &m->hp;
    double h[7] = { hp->learning_rate, hp->momentum, hp->beta_1, hp->beta_2, hp->epsilon, hp->rho,
                    hp->initial_accumulator_value };
    for (int i = 0; i < 7; i++)
        put_f64(b, h[i]);
    put_u32(b, (uint32_t)hp->nesterov);
    put_u64(b, (uint64_t)m->iterations);
    for (int s = 0; s < NN_OPT_SLOTS; s++)
        put_floats(b, model_slot(m, s), m->n_params);
}

int nn_save(const nn_model *m, const char *path)
{
    if (!m || !path)
        return nn_fail("save: the model or the path is NULL");
    if (atomic_load(&m->fitting))
        return nn_fail("save: %s: the model is training; save it when fit returns", path);
    bytes body = { 0 }, file = { 0 };
    write_body(&body, m);
    put(&file, MAGIC, 8);
    put_u32(&file, version_of(m));
    put_u32(&file, (uint32_t)body.len);
    put(&file, body.p, body.len);
    put_u32(&file, (uint32_t)crc32(0L, file.p, (uInt)file.len));
    free(body.p);
    if (body.oom || file.oom || body.len >= MAX_FILE_BYTES) {
        free(file.p);
        return nn_fail("save: %s: out of memory (or a model over 2 GiB)", path);
    }

    size_t plen = strlen(path);
    char *tmp = malloc(plen + 16);
    if (!tmp) {
        free(file.p);
        return nn_fail("save: out of memory");
    }
    snprintf(tmp, plen + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int err = errno;
        free(file.p);
        free(tmp);
        return nn_fail("save: %s: cannot create a temporary file beside it: %s", path, strerror(err));
    }
    size_t done = 0;
    int err = 0;
    while (done < file.len) {
        ssize_t w = write(fd, file.p + done, file.len - done);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            err = errno;
            break;
        }
        done += (size_t)w;
    }
    if (!err && fsync(fd) < 0)
        err = errno;
    if (close(fd) < 0 && !err)
        err = errno;
    if (!err && rename(tmp, path) < 0)
        err = errno;
    if (err)
        unlink(tmp);
    free(file.p);
    free(tmp);
    if (err)
        return nn_fail("save: %s: %s (the previous file, if any, is untouched)", path, strerror(err));
    return 0;
}

/* ---- loading ----------------------------------------------------------------------------------------- */

static nn_model *corrupt(const char *path, const char *what)
{
    return nn_fail_null("load: %s: %s", path, what);
}

/* The loaders below fill m from the body and return NULL, or what is damaged; every count is
 * validated before it is trusted. */

/* the options a layer of a version 2 file adds; version 1 had only Keras's defaults */
typedef struct layer_options { uint32_t use_bias, kernel_init, bias_init; float kernel_l2, rate, kernel_l1; } layer_options;

static layer_options read_options(reader *r, uint32_t version)
{
    layer_options o = { 1, INIT_GLOROT_UNIFORM, INIT_ZEROS, 0.0f, 0.0f, 0.0f };
    if (version < 2)
        return o;
    o.use_bias = get_u32(r);
    o.kernel_init = get_u32(r);
    o.bias_init = get_u32(r);
    get_floats(r, &o.kernel_l2, 1);
    get_floats(r, &o.rate, 1);
    if (version >= 3)
        get_floats(r, &o.kernel_l1, 1);
    return o;
}

/* a Dense layer of `in` -> `out`; -1 when its options are damaged */
static int add_dense(nn_model *m, int act, int in, int out, int first, const layer_options *o)
{
    if (o->use_bias > 1 || o->kernel_init >= INIT_COUNT || o->bias_init >= INIT_COUNT)
        return -1;
    /* the initializers draw weights that the file's replace just after */
    nn_dense_args a = { .units = out, .activation = nn_act_name(act), .input_dim = first ? in : 0,
                        .no_bias = !o->use_bias, .kernel_initializer = model_init_name((int)o->kernel_init),
                        .bias_initializer = model_init_name((int)o->bias_init), .kernel_l2 = o->kernel_l2,
                        .kernel_l1 = o->kernel_l1 };
    return nn_add_dense_args(m, &a);
}

/* n_layers layers, the first one taking input_dim values */
static const char *read_layers(reader *r, nn_model *m, uint32_t n_layers, int ndim, int input_dim,
                               uint32_t version)
{
    int width = input_dim;
    for (uint32_t l = 0; l < n_layers; l++) {
        int kind = (int)get_u32(r), act = (int)get_u32(r), in = (int)get_u32(r), out = (int)get_u32(r);
        char name[32];
        get_str(r, name, sizeof name);
        layer_options o = read_options(r, version);
        int rc = -1;
        if (r->bad || in != width || act < 0 || act >= ACT_COUNT)
            rc = -1;
        else if (kind == LAYER_DENSE)
            rc = add_dense(m, act, in, out, l == 0 && ndim == 0, &o);
        else if (kind == LAYER_DROPOUT && out == in)
            rc = nn_add_dropout(m, o.rate);
        else if (kind == LAYER_FLATTEN && out == in)
            rc = nn_add_flatten(m);
        else if (kind == LAYER_SOFTMAX && out == in)
            rc = nn_add_softmax(m);
        if (rc < 0)
            return "a layer is damaged";
        snprintf(m->layers[l].name, sizeof m->layers[l].name, "%s", name);
        width = out;
    }
    return NULL;
}

/* name, seed, input shape, then the layers */
static const char *read_architecture(reader *r, nn_model *m, uint32_t version)
{
    get_str(r, m->name, sizeof m->name);
    m->seed = get_u32(r);
    int ndim = (int)get_u32(r);
    int shape[3];
    for (int i = 0; i < 3; i++)
        shape[i] = (int)get_u32(r);
    int input_dim = (int)get_u32(r);
    uint32_t n_layers = get_u32(r);
    if (r->bad || n_layers > 4096 || ndim < 0 || ndim > 3 || input_dim <= 0)
        return "the architecture is damaged";
    if (ndim > 0 && nn_add_input(m, ndim, shape) < 0)
        return "the input shape is damaged";
    return read_layers(r, m, n_layers, ndim, input_dim, version);
}

/* compile()'s choices, the hyperparameters, the step count and the optimizer state */
static const char *read_training(reader *r, nn_model *m)
{
    int opt = (int)get_u32(r), loss = (int)get_u32(r), metric = (int)get_u32(r);
    int from_logits = (int)get_u32(r);
    double h[7];
    for (int i = 0; i < 7; i++)
        h[i] = get_f64(r);
    int nesterov = (int)get_u32(r);
    uint64_t iterations = get_u64(r);
    if (r->bad || opt < 0 || opt >= OPT_COUNT || loss < 0 || loss >= LOSS_COUNT ||
        metric < METRIC_NONE || metric > METRIC_SPARSE_ACC ||
        nn_compile(m, nn_opt_name(opt), nn_loss_name(loss), NULL) < 0)
        return "the optimizer settings are damaged";
    m->metric = metric;
    m->from_logits = from_logits != 0;
    m->hp = (nn_hparams){ .learning_rate = h[0], .momentum = h[1], .beta_1 = h[2], .beta_2 = h[3],
                          .epsilon = h[4], .rho = h[5], .initial_accumulator_value = h[6],
                          .nesterov = nesterov != 0 };
    m->iterations = (long)iterations;
    for (int s = 0; s < NN_OPT_SLOTS; s++)
        get_floats(r, model_slot(m, s), m->n_params);
    return r->bad ? "the optimizer state is truncated" : NULL;
}

/* the parameters, then the training state when the model was compiled */
static const char *read_weights(reader *r, nn_model *m)
{
    uint64_t n_params = get_u64(r);
    if (r->bad || n_params != m->n_params)
        return "the parameter count does not match the architecture";
    get_floats(r, m->params, m->n_params);
    uint32_t compiled = get_u32(r);
    if (r->bad || compiled > 1)
        return "the weights are truncated";
    return compiled ? read_training(r, m) : NULL;
}

/* Rebuilds the model from a checked body. */
static nn_model *read_body(reader *r, const char *path, uint32_t version)
{
    nn_model *m = nn_sequential();
    if (!m)
        return NULL;
    const char *damage = read_architecture(r, m, version);
    if (!damage)
        damage = read_weights(r, m);
    if (!damage && r->at != r->len)
        damage = "unexpected bytes after the model";
    if (damage) {
        nn_free(m);
        return corrupt(path, damage);
    }
    return m;
}

nn_model *nn_load(const char *path)
{
    if (!path)
        return nn_fail_null("load: the path is NULL");
    FILE *f = fopen(path, "rb");
    if (!f)
        return nn_fail_null("load: %s: %s", path, strerror(errno));
    unsigned char *data = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            unsigned char *grown = cap <= MAX_FILE_BYTES ? realloc(data, cap) : NULL;
            if (!grown) {
                free(data);
                fclose(f);
                return nn_fail_null("load: %s: too large to be a model file", path);
            }
            data = grown;
        }
        size_t got = fread(data + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    int read_error = ferror(f);
    fclose(f);
    nn_model *m = NULL;
    if (read_error)
        m = nn_fail_null("load: %s: read error", path);
    else if (len < 20 || memcmp(data, MAGIC, 8) != 0)
        m = corrupt(path, "not a Neurone model file (bad magic)");
    else {
        reader head = { data, len, 8, 0 };
        uint32_t version = get_u32(&head), body_len = get_u32(&head);
        if (version < 1 || version > NN_FORMAT_VERSION)
            m = nn_fail_null("load: %s: format version %u, this engine reads versions 1 to %u", path,
                             version, NN_FORMAT_VERSION);
        else if ((size_t)body_len + 20 != len)
            m = corrupt(path, "the file is truncated or has extra bytes (length mismatch)");
        else {
            reader tail = { data, len, len - 4, 0 };
            uint32_t stored = get_u32(&tail);
            uint32_t actual = (uint32_t)crc32(0L, data, (uInt)(len - 4));
            if (stored != actual)
                m = corrupt(path, "checksum mismatch: the file is corrupted");
            else {
                reader body = { data + 16, body_len, 0, 0 };
                m = read_body(&body, path, version);
            }
        }
    }
    free(data);
    return m;
}
