/* idx.c — IDX files, the format of MNIST and Fashion-MNIST, read through zlib so that both the
 * usual .gz files and plain ones work.
 *
 * An IDX file is a big-endian header (a magic number whose last byte counts the dimensions,
 * then one 32-bit size per dimension) followed by the items' bytes, one byte per value. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "../internal.h"
#include "data.h"

#define IDX_IMAGES 0x00000803u  /* unsigned bytes, 3 dimensions: (n, rows, cols) */
#define IDX_LABELS 0x00000801u  /* unsigned bytes, 1 dimension: (n) */
#define IDX_CHUNK 65536

/* An open IDX file whose header has been read. */
typedef struct idx_file {
    gzFile f;
    const char *path;
    uint32_t dims[3];       /* n, then rows and cols for images */
} idx_file;

/* ---- reading bytes -------------------------------------------------------------------------- */

/* Reads up to size bytes; returns how many came, or -1 on a read error (not on a short file). */
static long read_bytes(idx_file *x, unsigned char *buf, unsigned size)
{
    int got = gzread(x->f, buf, size);
    if (got < 0) {
        int code = 0;
        const char *msg = gzerror(x->f, &code);
        return nn_fail("%s: cannot read: %s", x->path, code == Z_ERRNO ? strerror(errno) : msg);
    }
    return got;
}

static uint32_t big_endian(const unsigned char *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static int open_idx(idx_file *x, const char *path, uint32_t magic, const char *what)
{
    memset(x, 0, sizeof *x);
    x->path = path;
    errno = 0;
    if (!(x->f = gzopen(path, "rb")))
        return nn_fail("%s: cannot open: %s", path, errno ? strerror(errno) : "out of memory");

    int ndims = (int)(magic & 0xff);
    int header = 4 * (1 + ndims);
    unsigned char head[16];
    long got = read_bytes(x, head, (unsigned)header);
    if (got < 0)
        return -1;
    if (got >= 4 && big_endian(head) != magic)
        return nn_fail("%s: magic number 0x%08x, expected 0x%08x for IDX %s (is this the right "
                       "file?)", path, big_endian(head), magic, what);
    if (got < header)
        return nn_fail("%s: truncated: the IDX header has %ld of its %d bytes", path, got, header);
    for (int i = 0; i < ndims; i++)
        x->dims[i] = big_endian(head + 4 * (i + 1));
    return 0;
}

/* Reads count bytes as floats 0..255 into out, a chunk at a time. */
static int read_values(idx_file *x, float *out, size_t count, const char *what)
{
    unsigned char *chunk = malloc(IDX_CHUNK);
    if (!chunk)
        return nn_fail("%s: out of memory", x->path);
    size_t done = 0;
    while (done < count) {
        size_t want = count - done < IDX_CHUNK ? count - done : IDX_CHUNK;
        long got = read_bytes(x, chunk, (unsigned)want);
        if (got < 0)
            break;
        for (long i = 0; i < got; i++)
            out[done + (size_t)i] = (float)chunk[i];
        done += (size_t)got;
        if ((size_t)got < want) {
            nn_fail("%s: truncated: %s need %zu bytes after the header, the file has %zu",
                    x->path, what, count, done);
            break;
        }
    }
    free(chunk);
    return done == count ? 0 : -1;
}

/* Reads count bytes, the buffer growing as they arrive rather than sized from the header, so that
 * a header that promises gigabytes in a small or damaged file (plain or gzip: its length is not
 * known before it is read) costs no more memory than the file holds. Returns them, or NULL. */
static unsigned char *read_grown(idx_file *x, size_t count, const char *what)
{
    unsigned char *buf = NULL;
    size_t done = 0, cap = 0;
    while (done < count) {
        if (done == cap) {
            size_t more = cap < IDX_CHUNK ? IDX_CHUNK : cap;
            cap = count - cap < more ? count : cap + more;
            unsigned char *grown = realloc(buf, cap);
            if (!grown) {
                nn_fail("%s: out of memory for %s", x->path, what);
                break;
            }
            buf = grown;
        }
        size_t want = cap - done < IDX_CHUNK ? cap - done : IDX_CHUNK;
        long got = read_bytes(x, buf + done, (unsigned)want);
        if (got < 0)
            break;
        done += (size_t)got;
        if ((size_t)got < want) {
            nn_fail("%s: truncated: %s need %zu bytes after the header, the file has %zu",
                    x->path, what, count, done);
            break;
        }
    }
    if (done < count) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* ---- images and labels ---------------------------------------------------------------------- */

static int read_images(nn_dataset *d, const char *path)
{
    idx_file x;
    int rc = open_idx(&x, path, IDX_IMAGES, "images");
    uint32_t n = x.dims[0], rows = x.dims[1], cols = x.dims[2];
    if (rc == 0 && (n == 0 || rows == 0 || cols == 0 || n > INT32_MAX ||
                    rows > 4096 || cols > 4096))
        rc = nn_fail("%s: %u images of %ux%u: not a size this loader accepts", path, n, rows,
                     cols);
    size_t count = rc == 0 ? (size_t)n * rows * cols : 0;
    unsigned char *bytes = NULL;
    if (rc == 0) {
        char what[64];
        snprintf(what, sizeof what, "%u images of %ux%u", n, rows, cols);
        if (!(bytes = read_grown(&x, count, what)))
            rc = -1;
    }
    if (rc == 0)
        rc = data_alloc(d, (int)n, (int)(rows * cols));
    if (rc == 0) {
        d->ndim = 2;
        d->shape[0] = (int)rows;
        d->shape[1] = (int)cols;
        for (size_t i = 0; i < count; i++)
            d->x[i] = (float)bytes[i];
    }
    free(bytes);
    if (x.f)
        gzclose(x.f);
    return rc;
}

/* Reads the labels into d->y, which must hold exactly as many as there are images. */
static int read_labels(nn_dataset *d, const char *path, const char *images_path)
{
    idx_file x;
    int rc = open_idx(&x, path, IDX_LABELS, "labels");
    if (rc == 0 && x.dims[0] != (uint32_t)d->n)
        rc = nn_fail("%s has %u labels but %s has %d images: they must match", path, x.dims[0],
                     images_path, d->n);
    if (rc == 0) {
        char what[32];
        snprintf(what, sizeof what, "%d labels", d->n);
        rc = read_values(&x, d->y, (size_t)d->n, what);
    }
    if (x.f)
        gzclose(x.f);
    return rc;
}

int nn_load_idx(nn_dataset *d, const char *images_path, const char *labels_path)
{
    memset(d, 0, sizeof *d);
    if (!images_path || !labels_path)
        return nn_fail("load_idx: both an images path and a labels path are needed");
    int rc = read_images(d, images_path);
    if (rc == 0)
        rc = read_labels(d, labels_path, images_path);
    if (rc < 0) {
        nn_dataset_free(d);
        return -1;
    }
    for (int i = 0; i < d->n; i++)
        if (d->y[i] >= (float)d->classes)
            d->classes = (int)d->y[i] + 1;
    return 0;
}

/* ---- the named sets ------------------------------------------------------------------------- */

/* Checks that every label is below classes and sets the class names. */
static int name_classes(nn_dataset *d, const char *labels_path, const char *const *names,
                        int classes)
{
    if (d->classes > classes)
        return nn_fail("%s: label %d found, but this set has %d classes", labels_path,
                       d->classes - 1, classes);
    d->classes = classes;
    if (!(d->class_names = data_copy_names(names, classes)))
        return -1;
    return (d->target_name = data_strdup("label")) ? 0 : -1;
}

/* Keras's files end in .gz; a folder of unpacked files works as well. */
static void pick_file(char *out, size_t size, const char *dir, const char *name)
{
    struct stat st;
    snprintf(out, size, "%s/%s.gz", dir, name);
    if (stat(out, &st) != 0) {
        snprintf(out, size, "%s/%s", dir, name);
        if (stat(out, &st) != 0)
            snprintf(out, size, "%s/%s.gz", dir, name); /* the message names the usual file */
    }
}

int nn_load_fashion_mnist(nn_dataset *d, const char *which)
{
    static const char *const names[10] = {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    };
    memset(d, 0, sizeof *d);
    const char *prefix = which && strcmp(which, "train") == 0 ? "train"
                       : which && strcmp(which, "test") == 0 ? "t10k" : NULL;
    if (!prefix)
        return nn_fail("load_fashion_mnist: \"%s\": expected \"train\" or \"test\"",
                       which ? which : "(null)");

    const char *dir = getenv("NEURONE_FASHION_MNIST");
    if (!dir || !*dir)
        dir = "/usr/share/datasets/fashion-mnist";
    char images[4096], labels[4096], name[64];
    snprintf(name, sizeof name, "%s-images-idx3-ubyte", prefix);
    pick_file(images, sizeof images, dir, name);
    snprintf(name, sizeof name, "%s-labels-idx1-ubyte", prefix);
    pick_file(labels, sizeof labels, dir, name);

    if (nn_load_idx(d, images, labels) < 0) {
        struct stat st;
        if (stat(dir, &st) == 0)
            return -1;
        char why[512];
        snprintf(why, sizeof why, "%s", nn_error());
        return nn_fail("Fashion-MNIST: %s (install Debian's dataset-fashion-mnist package, or "
                       "set NEURONE_FASHION_MNIST to a folder holding its files)", why);
    }
    if (name_classes(d, labels, names, 10) < 0) {
        nn_dataset_free(d);
        return -1;
    }
    return 0;
}

/* The shipped file keeps 8,000 training digits then 2,000 test digits: see
 * tools/make_mnist_idx.js, which orders them. */
#define MNIST_TRAIN 8000

int nn_load_mnist(nn_dataset *d, const char *which)
{
    static const char *const names[10] = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" };
    memset(d, 0, sizeof *d);
    int train = which && strcmp(which, "train") == 0;
    if (!train && !(which && strcmp(which, "test") == 0))
        return nn_fail("load_mnist: \"%s\": expected \"train\" or \"test\"",
                       which ? which : "(null)");

    char images[4096], labels[4096];
    if (data_asset_path(images, sizeof images, "mnist-images-idx3-ubyte.gz") < 0 ||
        data_asset_path(labels, sizeof labels, "mnist-labels-idx1-ubyte.gz") < 0)
        return -1;
    nn_dataset all;
    if (nn_load_idx(&all, images, labels) < 0)
        return -1;
    int rc = name_classes(&all, labels, names, 10);
    if (rc == 0 && all.n <= MNIST_TRAIN)
        rc = nn_fail("%s: %d digits, expected more than %d", images, all.n, MNIST_TRAIN);
    int start = train ? 0 : MNIST_TRAIN;
    int count = train ? MNIST_TRAIN : all.n - MNIST_TRAIN;
    int *rows = rc == 0 ? malloc((size_t)count * sizeof *rows) : NULL; /* (count) */
    if (rc == 0 && !rows)
        rc = nn_fail("load_mnist: out of memory");
    for (int i = 0; rc == 0 && i < count; i++)
        rows[i] = start + i;
    if (rc == 0)
        rc = data_take(d, &all, rows, count);
    free(rows);
    nn_dataset_free(&all);
    return rc;
}
