/* example.c — a program of its own that trains a model with libneurone, as the README shows:
 *
 *     cc example.c $(pkg-config --cflags --libs neurone) -o example && ./example
 *
 * TensorFlow Playground's "circle" set (a disc inside a ring, 2 features, 2 classes), split 80/20,
 * a 2-8-8-2 network trained with Adam, then its test accuracy. Exits 1 if anything fails or the
 * network did not learn, so that tests/install.sh can run it against an installed library. */
#include <stdio.h>

#include <nn.h>

int main(void)
{
    nn_dataset all, train, test;
    if (nn_playground(&all, "circle", 500, 0.05f, 1) < 0 ||
        nn_train_test_split(&all, 0.2f, 1, &train, &test) < 0) {
        fprintf(stderr, "example: %s\n", nn_error());
        return 1;
    }
    nn_dataset_free(&all);

    /* model = Sequential([Dense(8, 'tanh', input_shape=(2,)), Dense(8, 'tanh'), Dense(2, 'softmax')]) */
    nn_model *m = nn_sequential();
    float loss = 0, accuracy = 0;
    int failed = !m || nn_set_seed(m, 1) < 0 || nn_add_dense(m, 8, "tanh", 2) < 0 ||
                 nn_add_dense(m, 8, "tanh", 0) < 0 || nn_add_dense(m, 2, "softmax", 0) < 0 ||
                 nn_compile(m, "adam", "sparse_categorical_crossentropy", "accuracy") < 0 ||
                 nn_set_optimizer_param(m, "learning_rate", 0.03) < 0;
    if (!failed) {
        nn_summary(m, stdout);
        /* model.fit(x, y, epochs=60, batch_size=16, verbose=0); history left out (NULL) */
        failed = nn_fit(m, train.x, train.y, train.n, &(nn_fit_args){ .epochs = 60, .batch_size = 16 },
                        NULL) < 0 ||
                 nn_evaluate(m, test.x, test.y, test.n, &loss, &accuracy) < 0;
    }
    if (failed)
        fprintf(stderr, "example: %s\n", nn_error());
    else
        printf("test accuracy %.3f, loss %.4f on %d points\n", accuracy, loss, test.n);
    nn_free(m);
    nn_dataset_free(&train);
    nn_dataset_free(&test);
    return failed || accuracy < 0.9f;
}
