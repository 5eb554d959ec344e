#!/usr/bin/env python3
"""Run ONNX's own checker on every model Lanes exported in the tests.

    /usr/bin/python3 onnx/scripts/check_exports.py [DIR]     # DIR: onnx/target/exported by default

OnnxExportTest leaves each model it exports in onnx/target/exported/ (so run ./mvnw verify, or at least the onnx
tests, first). Each file must pass onnx.checker.check_model(full_check=True), which also runs ONNX's shape
inference. Needs Debian's python3-onnx; CI runs it where that package installs. Exits non-zero if any file fails
or there is none.
"""
import os
import sys

import onnx

directory = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                                               "target", "exported")
files = sorted(f for f in os.listdir(directory) if f.endswith(".onnx")) if os.path.isdir(directory) else []
if not files:
    sys.exit(f"check_exports: no .onnx file in {directory}; run the onnx module's tests first")
failed = 0
for name in files:
    try:
        onnx.checker.check_model(onnx.load(os.path.join(directory, name)), full_check=True)
    except Exception as e:  # the checker raises ValidationError, shape inference InferenceError
        failed += 1
        print(f"check_exports: {name}: {e}", file=sys.stderr)
print(f"check_exports: ONNX {onnx.__version__} checker, full_check=True, on {len(files)} exported files")
print(f"check_exports: {len(files) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
