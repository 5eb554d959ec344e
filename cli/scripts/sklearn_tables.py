#!/usr/bin/python3
"""The tables of "Your own data" (README): scikit-learn's bundled data sets as CSV files with a header, cut into
the same training and test rows for both sides, and scikit-learn's MLPClassifier / MLPRegressor trained on them.

Run with Debian's python3-sklearn from the repository root:
    /usr/bin/python3 cli/scripts/sklearn_tables.py DIR [NAME...]
writes DIR/NAME-train.csv and DIR/NAME-test.csv for iris, wine, breast_cancer, digits (classification, target
'target' holding the class name) and diabetes (regression, target 'progression'), or only the tables named, and
prints, per table, scikit-learn's test accuracy or R² and its training time (the pipeline's fit: scaler and MLP). The split is train_test_split(test_size=0.25, random_state=0,
stratified for classification). scikit-learn's MLP gets standardised inputs (StandardScaler fitted on the training
rows, as Lanes does) and its defaults (one hidden layer of 100, Adam, lr 0.001, batch min(200, n), up to 200
epochs) but max_iter=200 and random_state=0; MLPRegressor also gets the target standardised, as Lanes trains it.
"""
import sys
import time

import numpy as np
from sklearn import datasets
from sklearn.compose import TransformedTargetRegressor
from sklearn.metrics import accuracy_score, r2_score
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

out = sys.argv[1] if len(sys.argv) > 1 else "."
only = set(sys.argv[2:])
tables = [
    ("iris", datasets.load_iris, "target", True),
    ("wine", datasets.load_wine, "target", True),
    ("breast_cancer", datasets.load_breast_cancer, "target", True),
    ("digits", datasets.load_digits, "target", True),
    ("diabetes", lambda: datasets.load_diabetes(scaled=False), "progression", False),
]


def write(path, names, x, y, target, labels):
    with open(path, "w") as f:
        f.write(",".join(n.replace(",", " ") for n in names) + "," + target + "\n")
        for row, t in zip(x, y):
            f.write(",".join(repr(float(v)) for v in row) + "," + (str(labels[t]) if labels is not None else repr(float(t))) + "\n")


for name, data, target, classify in tables:
    if only and name not in only:
        continue
    data = data()
    x, y = data.data, data.target
    xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.25, random_state=0, stratify=y if classify else None)
    labels = [str(n).replace(" ", "_") for n in data.target_names] if classify else None
    write("%s/%s-train.csv" % (out, name), data.feature_names, xtr, ytr, target, labels)
    write("%s/%s-test.csv" % (out, name), data.feature_names, xte, yte, target, labels)
    if classify:
        model = make_pipeline(StandardScaler(), MLPClassifier(max_iter=200, random_state=0))
    else:
        model = TransformedTargetRegressor(make_pipeline(StandardScaler(), MLPRegressor(max_iter=200, random_state=0)),
                                           transformer=StandardScaler())
    start = time.perf_counter()
    model.fit(xtr, ytr)
    seconds = time.perf_counter() - start
    score = accuracy_score(yte, model.predict(xte)) if classify else r2_score(yte, model.predict(xte))
    print("%s: %d train, %d test rows; scikit-learn %s %s %.4f, trained in %.3f s"
          % (name, len(ytr), len(yte), "MLPClassifier" if classify else "MLPRegressor",
             "accuracy" if classify else "R2", score, seconds))
