/* test_iris.c — the engine learns a real table: iris, split 70/30 with a seed, standardised on
 * the training part, reaches at least 95 % test accuracy. Also the course's MNIST warm-up. */
#include <stdlib.h>

#include "check.h"
#include "nn.h"

static void test_iris(void)
{
    nn_dataset all = { 0 }, train = { 0 }, test = { 0 };
    CHECK(nn_load_builtin(&all, "iris") == 0, "%s", nn_error());
    CHECK(nn_train_test_split(&all, 0.3f, 42, &train, &test) == 0, "%s", nn_error());
    nn_scaler s = { 0 };
    CHECK(nn_scaler_fit(&s, "standard", &train) == 0, "%s", nn_error());
    nn_scaler_transform(&s, &train);
    nn_scaler_transform(&s, &test);
    nn_model *m = nn_sequential();
    nn_add_dense(m, 16, "relu", train.dim);
    nn_add_dense(m, 3, "softmax", 0);
    CHECK(nn_compile(m, "adam", "sparse_categorical_crossentropy", "accuracy") == 0, "%s", nn_error());
    nn_set_optimizer_param(m, "learning_rate", 0.01);
    CHECK(nn_fit(m, train.x, train.y, train.n, &(nn_fit_args){ .epochs = 100, .batch_size = 16, .seed = 1 },
                 NULL) == 0, "%s", nn_error());
    float loss = 0, acc = 0;
    CHECK(nn_evaluate(m, test.x, test.y, test.n, &loss, &acc) == 0, "%s", nn_error());
    printf("iris: %d test samples, accuracy %.4f, loss %.4f\n", test.n, acc, loss);
    CHECK(test.n == 45, "expected 45 test samples, got %d", test.n);
    CHECK(acc >= 0.95f, "expected at least 95%% test accuracy, got %.2f%%", acc * 100);
    nn_free(m);
    nn_scaler_free(&s);
    nn_dataset_free(&all);
    nn_dataset_free(&train);
    nn_dataset_free(&test);
}

/* The warm-up exercise: MNIST digits with the course's model, one epoch, at least 85 %. */
static void test_mnist_warmup(void)
{
    nn_dataset train = { 0 }, test = { 0 };
    CHECK(nn_load_mnist(&train, "train") == 0, "%s", nn_error());
    CHECK(nn_load_mnist(&test, "test") == 0, "%s", nn_error());
    if (train.n == 0 || test.n == 0)
        return;
    nn_dataset_scale(&train, 1.0f / 255.0f);
    nn_dataset_scale(&test, 1.0f / 255.0f);
    nn_model *m = nn_sequential();
    nn_add_input(m, 2, train.shape);
    nn_add_flatten(m);
    nn_add_dense(m, 128, "relu", 0);
    nn_add_dense(m, 10, NULL, 0);
    nn_compile(m, "adam", "sparse_categorical_crossentropy", "accuracy");
    nn_set_loss_param(m, "from_logits", 1);
    CHECK(nn_fit(m, train.x, train.y, train.n, &(nn_fit_args){ .epochs = 2, .seed = 3 }, NULL) == 0,
          "%s", nn_error());
    float loss = 0, acc = 0;
    nn_evaluate(m, test.x, test.y, test.n, &loss, &acc);
    printf("mnist: %d test digits, accuracy %.4f\n", test.n, acc);
    CHECK(acc >= 0.90f, "expected at least 90%% on the digits, got %.2f%%", acc * 100);
    nn_free(m);
    nn_dataset_free(&train);
    nn_dataset_free(&test);
}

int main(void)
{
    RUN(test_iris);
    RUN(test_mnist_warmup);
    return failures != 0;
}
