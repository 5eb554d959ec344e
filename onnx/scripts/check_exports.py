#!/usr/bin/env python3
"""Run ONNX's own checker on every model Lanes exported in the tests.

    /usr/bin/python3 onnx/scripts/check_exports.py [DIR]     # DIR: onnx/target/exported by default

OnnxExportTest leaves each model it exports in onnx/target/exported/ (so run ./mvnw verify, or at least the onnx
tests, first). Each file must pass onnx.checker.check_model(full_check=True), which also runs ONNX's shape
inference. Needs Debian's python3-onnx; CI runs it where that package installs. Exits non-zero if any file fails
or there is none. Files declaring an opset newer than the installed ONNX knows (Debian's 1.12 knows up to 17; the
tests also export at 20 for Gelu) are listed as beyond the checker: ONNX Runtime 1.23 runs them in the tests.
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
beyond = []
newest = onnx.defs.onnx_opset_version()
for name in files:
    try:
        model = onnx.load(os.path.join(directory, name))
        if any(o.domain in ("", "ai.onnx") and o.version > newest for o in model.opset_import):
            beyond.append(name)
            continue
        onnx.checker.check_model(model, full_check=True)
    except Exception as e:  # the checker raises ValidationError, shape inference InferenceError
        failed += 1
        print(f"check_exports: {name}: {e}", file=sys.stderr)
print(f"check_exports: ONNX {onnx.__version__} checker, full_check=True, on {len(files)} exported files")
print(f"check_exports: {len(files) - len(beyond) - failed} passed, {failed} failed, {len(beyond)} declare an opset "
      f"beyond this checker's {newest}: {' '.join(beyond)}")
sys.exit(1 if failed else 0)
