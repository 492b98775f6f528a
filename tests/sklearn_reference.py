#!/usr/bin/python3
"""scikit-learn's results on the splits that Neurone's C code made, for tests/test_classic.c.

    test_classic --export DIR              # the C side writes NAME.train.csv / NAME.test.csv
    /usr/bin/python3 tests/sklearn_reference.py DIR > tests/data/sklearn_reference.tsv

Each CSV has a header; its first column "row" is the row's index in the whole table, its last
column "label" the class index, the others the features after Neurone's StandardScaler (fitted
on the training part only, applied to both parts; the scaler itself is checked against
scikit-learn's in test_data.c). The features are written with 9 significant digits, so that
both sides read the same float32 values: a tree's threshold may fall exactly on a test value
(ages 40 and 42 in training put the threshold on 41 in a test row, once scaled), where the last
bit of a scaler's rounding would otherwise decide the side. The classifiers, on both sides:

    LogisticRegression(solver="lbfgs", C=1.0, max_iter=10000)     L2, multinomial for 3+ classes
    KNeighborsClassifier(n_neighbors=5)                           Euclidean, uniform weights
                                    (the default algorithm: with whole-number features, rows at
                                    the same distance make it differ by a row or two from the C
                                    side, which matches algorithm="brute")
    DecisionTreeClassifier(criterion="gini", random_state=s)      grown until pure
    GaussianNB(var_smoothing=1e-9)
    RandomForestClassifier(n_estimators=100, random_state=s)      bootstrap, sqrt(features)

and score accuracy, and precision, recall and F1 averaged over classes (average="macro").

The tree and the forest are random: the forest's bootstraps and features, and the order in
which the tree tries its features (which decides between two features that split equally
well). They draw from numpy's generator here and from Neurone's in C, so one seed gives two
different draws, and on the heart table's 90 test rows scikit-learn's own forest moves by up
to 8 points from one random_state to another. For those two, both sides therefore report the
mean over the seeds 0..9 (random_state=s here, nn_classifier_args.seed = s in C); the other
three are deterministic and run once.

Output: one tab-separated line per split and model, after a header line:
    case  split  train  test  model  seeds  accuracy  precision  recall  f1
where split is a checksum of the row indices (test part, then training part) that the C side
recomputes, so a committed table can only be used with the splits it was made from. Written
with Debian's python3-sklearn 1.2.1.
"""
import os
import sys

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, precision_recall_fscore_support
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.tree import DecisionTreeClassifier

# Neurone's names for the classifiers (nn_classifier_kind), in its order, and the seeds each is
# averaged over.
SEEDS = 10
MODELS = [
    ("logistic_regression", 1,
     lambda s: LogisticRegression(solver="lbfgs", C=1.0, max_iter=10000)),
    ("knn", 1, lambda s: KNeighborsClassifier(n_neighbors=5)),
    ("decision_tree", SEEDS, lambda s: DecisionTreeClassifier(criterion="gini", random_state=s)),
    ("gaussian_nb", 1, lambda s: GaussianNB(var_smoothing=1e-9)),
    ("random_forest", SEEDS,
     lambda s: RandomForestClassifier(n_estimators=100, random_state=s)),
]


def read_part(path):
    table = np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)
    return table[:, 0].astype(np.int64), table[:, 1:-1], table[:, -1].astype(np.int64)


def checksum(rows):
    """The same sum as split_checksum() in test_classic.c."""
    h = 0
    for r in rows:
        h = (h * 31 + int(r) + 1) % 1000000007
    return h


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: sklearn_reference.py DIR (written by test_classic --export DIR)")
    folder = sys.argv[1]
    cases = sorted(f[: -len(".train.csv")] for f in os.listdir(folder) if f.endswith(".train.csv"))
    if not cases:
        sys.exit(f"{folder}: no NAME.train.csv files")
    print("case\tsplit\ttrain\ttest\tmodel\tseeds\taccuracy\tprecision\trecall\tf1")
    for case in cases:
        train_rows, x_train, y_train = read_part(os.path.join(folder, case + ".train.csv"))
        test_rows, x_test, y_test = read_part(os.path.join(folder, case + ".test.csv"))
        split = checksum(list(test_rows) + list(train_rows))
        for kind, seeds, make in MODELS:
            scores = []
            for seed in range(seeds):
                pred = make(seed).fit(x_train, y_train).predict(x_test)
                p, r, f, _ = precision_recall_fscore_support(y_test, pred, average="macro",
                                                             zero_division=0)
                scores.append((accuracy_score(y_test, pred), p, r, f))
            a, p, r, f = np.mean(scores, axis=0)
            print(f"{case}\t{split}\t{len(y_train)}\t{len(y_test)}\t{kind}\t{seeds}\t"
                  f"{a:.6f}\t{p:.6f}\t{r:.6f}\t{f:.6f}")

if __name__ == "__main__":
    main()
