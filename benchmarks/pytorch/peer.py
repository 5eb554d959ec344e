#!/usr/bin/env python3
"""PyTorch peer of the Lanes benchmarks: the same training steps, inference and softmax, timed the same way.

Usage:  env -u OPENBLAS_CORETYPE /usr/bin/python3 benchmarks/pytorch/peer.py --threads 1 --out torch-1.json
        (benchmarks/run-suite.sh runs it for you, back to back with JMH; --workloads activation runs one stage.)

What is measured (shapes as in TrainingStepBenchmark and InferenceBenchmark):
  train   one SGD step (zero_grad, forward, cross-entropy loss, backward, update) of 784-256-10 and
          784-100-200-10 with ReLU, float32, at batch 32, 64, 128, 256, in samples/s;
  infer   a forward pass to the logits under torch.inference_mode() at batch 1 and 1024, in samples/s;
  softmax torch.softmax(x, dim=1) of 1024x1024 and 1024x10 floats, in microseconds per call;
  activation  the activations of ActivationsBenchmark (torch.nn.functional) on 1024x1024 floats, forward alone
          and forward + backward through autograd, in microseconds per call.
  quantized   (only with --stage quantized, QuantizedInferenceBenchmark's peer) inference of 784-256-128-10 and
          4096-4096-4096-10 at batch 1 and 1024 in float32 and after torch.quantization.quantize_dynamic(qint8)
          (int8 weights; activations quantized per call, as dynamic quantisation does), in samples/s.

PyTorch at its best here:
  * OPENBLAS_CORETYPE must be unset: these machines preset it to Haswell, which puts OpenBLAS (PyTorch's BLAS)
    on AVX2 kernels at half speed. This script refuses to run with it set and records the core OpenBLAS chose.
  * Thread settings as a user would tune them for a budget of N cores: every pair of torch intra-op threads
    (torch.set_num_threads) and OpenBLAS threads (OPENBLAS_NUM_THREADS, fixed when the library loads, so one
    child process per pair) with both at most N and one equal to N is run, and each figure is the best pair's,
    named in the output.
  * Each pair runs twice, in fresh processes: as it comes, and with glibc's heap pinned (PINNED_HEAP: freed
    buffers stay mapped). As it comes, glibc hands PyTorch's freed buffers back to the OS, and a call that
    page-faults them in again (~10 us a 4 KiB page on these VMs) ran 2-3x slower: peer.py's batch-1024 inference
    made ~480 minor faults a call (148k samples/s) where a script that only inferred made none (445k). Each
    figure is the faster way's; the output names it and records the minor faults per call of every run.

Timing: a warm-up of at least WARMUP_S seconds that goes on (up to WARMUP_MAX_S) until two consecutive
REPEAT_S-second chunks run within WARMUP_FLAT of each other (PyTorch's 784-256-10 step runs at a third of its
speed for its first ~1.25 s in a process), then REPEATS timed runs of about REPEAT_S seconds each; the median,
minimum and maximum of the runs' rates are reported.
"""
import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time

NETS = {"784-256-10": [784, 256, 10], "784-100-200-10": [784, 100, 200, 10]}
TRAIN_BATCHES = [32, 64, 128, 256]
INFER_BATCHES = [1, 1024]
SOFTMAX_SHAPES = [(1024, 1024), (1024, 10)]
# ActivationsBenchmark's activations (Lanes' name -> torch.nn.functional call), forward and backward on 1024x1024.
ACTIVATIONS = {
    "tanh": lambda F, x: torch_tanh(x),
    "gelu": lambda F, x: F.gelu(x),
    "geluTanh": lambda F, x: F.gelu(x, approximate="tanh"),
    "leakyRelu": lambda F, x: F.leaky_relu(x, 0.01),
    "elu": lambda F, x: F.elu(x, 1.0),
    "silu": lambda F, x: F.silu(x),
    "softplus": lambda F, x: F.softplus(x, 1.0, 20.0),
    # Not an activation: the memory ceiling of one (a fresh output written from x; its backward passes dy through
    # into x.grad, a copy because the caller holds dy), beside ActivationsBenchmark's System.arraycopy.
    "copy": lambda F, x: x.clone(),
}


def torch_tanh(x):
    import torch
    return torch.tanh(x)
LEARNING_RATE = 0.01
WARMUP_S = 0.5
WARMUP_MAX_S = 5.0
WARMUP_FLAT = 0.05
REPEATS = 7
REPEAT_S = 0.25
# glibc's malloc with freed memory kept mapped: no trimming, no mmap for buffers under 256 MiB.
PINNED_HEAP = {"MALLOC_MMAP_THRESHOLD_": "268435456", "MALLOC_TRIM_THRESHOLD_": "1073741824",
               "MALLOC_TOP_PAD_": "268435456"}


def timed(run, units_per_call):
    """Calls run() repeatedly; returns rates (units per second) of REPEATS timed runs, after a warm-up.

    The warm-up lasts WARMUP_S, then goes on in chunks of the timed runs' length until two consecutive chunks'
    rates agree within WARMUP_FLAT (or WARMUP_MAX_S has passed). The minor page faults per call of the timed runs
    are kept in FAULTS_PER_CALL for the caller's summary.
    """
    global FAULTS_PER_CALL
    start = time.perf_counter()
    deadline = start + WARMUP_S
    calls = 0
    while time.perf_counter() < deadline:
        run()
        calls += 1
    per_run = max(1, int(calls * REPEAT_S / WARMUP_S))
    previous = None
    while time.perf_counter() - start < WARMUP_MAX_S:
        rate = chunk_rate(run, per_run)
        if previous is not None and abs(rate - previous) <= WARMUP_FLAT * max(rate, previous):
            break
        previous = rate
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    rates = [chunk_rate(run, per_run) * units_per_call for _ in range(REPEATS)]
    FAULTS_PER_CALL = (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults) / (REPEATS * per_run)
    return rates


def chunk_rate(run, calls):
    """Calls per second of `calls` back-to-back calls of run()."""
    begin = time.perf_counter()
    for _ in range(calls):
        run()
    return calls / (time.perf_counter() - begin)


FAULTS_PER_CALL = 0.0


def summary(values, unit):
    """Median, minimum and maximum of the timed runs, with the minor page faults per call of the last timed()."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "n": len(values), "unit": unit, "faults_per_call": round(FAULTS_PER_CALL, 2)}


def build(torch, sizes):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


WORKLOADS = ["train", "infer", "softmax", "activation"]


# The activations measured (--activations; default all of ACTIVATIONS).
ONLY_ACTIVATIONS = set(ACTIVATIONS)


def measure(torch_threads, workloads):
    """Runs the named workloads in this process with torch_threads intra-op threads."""
    import torch
    torch.set_num_threads(torch_threads)
    torch.manual_seed(0)
    results = {}
    for net, sizes in NETS.items() if "train" in workloads or "infer" in workloads else ():
        for batch in TRAIN_BATCHES if "train" in workloads else ():
            model = build(torch, sizes)
            loss_fn = torch.nn.CrossEntropyLoss()
            optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
            x = torch.randn(batch, sizes[0])
            labels = torch.randint(0, sizes[-1], (batch,))

            def step():
                optimizer.zero_grad(set_to_none=True)
                loss = loss_fn(model(x), labels)
                loss.backward()
                optimizer.step()

            results[f"train/{net}/{batch}"] = summary(timed(step, batch), "samples/s")
        model = build(torch, sizes)
        model.eval()
        for batch in INFER_BATCHES if "infer" in workloads else ():
            x = torch.randn(batch, sizes[0])

            def infer():
                with torch.inference_mode():
                    model(x)

            results[f"infer/{net}/{batch}"] = summary(timed(infer, batch), "samples/s")
    for rows, cols in SOFTMAX_SHAPES if "softmax" in workloads else ():
        x = torch.randn(rows, cols)
        calls_per_s = timed(lambda: torch.softmax(x, dim=1), 1)
        results[f"softmax/{rows}x{cols}"] = summary([1e6 / r for r in calls_per_s], "us")
    import torch.nn.functional as F
    for name, function in ACTIVATIONS.items() if "activation" in workloads else ():
        if name not in ONLY_ACTIVATIONS:
            continue
        x = torch.randn(1024, 1024)
        dy = torch.randn(1024, 1024)
        calls_per_s = timed(lambda: function(F, x), 1)
        results[f"activation/{name}/forward/1024x1024"] = summary([1e6 / r for r in calls_per_s], "us")
        xg = x.clone().requires_grad_(True)

        def backward():
            # Autograd needs the forward's graph, so the pair is timed together, as a training step runs it
            # (ActivationsBenchmark.forwardAndBackward is its Lanes side).
            xg.grad = None
            function(F, xg).backward(dy)

        calls_per_s = timed(backward, 1)
        results[f"activation/{name}/forward+backward/1024x1024"] = summary([1e6 / r for r in calls_per_s], "us")
    return results


QUANTIZED_NETS = {"784-256-128-10": [784, 256, 128, 10], "4096-4096-4096-10": [4096, 4096, 4096, 10]}


def measure_quantized(torch_threads):
    """Float32 and dynamically quantized int8 inference of QuantizedInferenceBenchmark's nets."""
    import torch
    torch.set_num_threads(torch_threads)
    torch.manual_seed(0)
    results = {}
    for net, sizes in QUANTIZED_NETS.items():
        model = build(torch, sizes)
        model.eval()
        engines = torch.backends.quantized.supported_engines
        int8 = torch.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8) if engines != ["none"] else None
        for batch in INFER_BATCHES:
            x = torch.randn(batch, sizes[0])
            for precision, m in (("fp32", model), ("int8", int8)):
                if m is None:
                    continue

                def infer():
                    with torch.inference_mode():
                        m(x)

                results[f"quantized/{net}/{batch}/{precision}"] = summary(timed(infer, batch), "samples/s")
    return results


def openblas_core():
    import ctypes
    try:
        lib = ctypes.CDLL("libblas.so.3")
        lib.openblas_get_corename.restype = ctypes.c_char_p
        return lib.openblas_get_corename().decode(), lib.openblas_get_num_threads()
    except (OSError, AttributeError) as e:
        return f"unknown ({e})", None


def child(args):
    import torch
    core, blas_threads = openblas_core()
    out = {"torch_threads": args.torch_threads, "openblas_threads": blas_threads, "openblas_core": core,
           "torch": torch.__version__,
           "results": measure_quantized(args.torch_threads) if args.stage == "quantized"
           else measure(args.torch_threads, args.workloads.split(","))}
    json.dump(out, sys.stdout)


def configurations(threads):
    """(torch intra-op threads, OpenBLAS threads) pairs a user tuning for `threads` cores would try."""
    return [(t, b) for t in range(1, threads + 1) for b in range(1, threads + 1) if max(t, b) == threads]


def main():
    global NETS, TRAIN_BATCHES, INFER_BATCHES, ONLY_ACTIVATIONS
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=1, help="thread budget (cores), default 1")
    parser.add_argument("--out", help="write the JSON results here (default: stdout)")
    parser.add_argument("--quick", action="store_true", help="seconds, not minutes: proves the script runs; figures mean nothing")
    parser.add_argument("--stage", choices=["all", "quantized"], default="all",
                        help="all: the --workloads (default); quantized: float32 vs int8 inference")
    parser.add_argument("--workloads", default=",".join(WORKLOADS),
                        help="comma-separated subset of " + ",".join(WORKLOADS) + " (default: all)")
    parser.add_argument("--nets", help="comma-separated layer sizes to train and infer instead of "
                        + ",".join(NETS) + ", e.g. 784-128-256-10 (any widths)")
    parser.add_argument("--batches", help="comma-separated training batch sizes instead of "
                        + ",".join(map(str, TRAIN_BATCHES)))
    parser.add_argument("--infer-batches", help="comma-separated inference batch sizes instead of "
                        + ",".join(map(str, INFER_BATCHES)))
    parser.add_argument("--activations", default=",".join(ACTIVATIONS),
                        help="comma-separated subset of the activation workload's " + ",".join(ACTIVATIONS) + " (default: all)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--torch-threads", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if os.environ.get("OPENBLAS_CORETYPE"):
        sys.exit(f"OPENBLAS_CORETYPE={os.environ['OPENBLAS_CORETYPE']} is set: it forces OpenBLAS onto slower "
                 "kernels. Run with it unset: env -u OPENBLAS_CORETYPE " + " ".join([sys.executable] + sys.argv))
    if args.quick:
        global WARMUP_S, WARMUP_MAX_S, REPEATS, REPEAT_S
        WARMUP_S, WARMUP_MAX_S, REPEATS, REPEAT_S = 0.05, 0.1, 2, 0.02
    unknown = set(args.workloads.split(",")) - set(WORKLOADS)
    if unknown:
        parser.error(f"--workloads: no workload {', '.join(sorted(unknown))} (there are {', '.join(WORKLOADS)})")
    if args.nets:
        NETS = {net: [int(w) for w in net.split("-")] for net in args.nets.split(",")}
    if args.batches:
        TRAIN_BATCHES = [int(b) for b in args.batches.split(",")]
    if args.infer_batches:
        INFER_BATCHES = [int(b) for b in args.infer_batches.split(",")]
    unknown = set(args.activations.split(",")) - set(ACTIVATIONS)
    if unknown:
        parser.error(f"--activations: no activation {', '.join(sorted(unknown))} (there are {', '.join(ACTIVATIONS)})")
    ONLY_ACTIVATIONS = set(args.activations.split(","))
    if args.child:
        child(args)
        return

    runs = []
    for torch_threads, blas_threads in configurations(args.threads):
        for heap in ("as it comes", "pinned"):
            env = dict(os.environ, OPENBLAS_NUM_THREADS=str(blas_threads), OMP_NUM_THREADS=str(torch_threads),
                       **(PINNED_HEAP if heap == "pinned" else {}))
            print(f"PyTorch: {args.threads} thread(s): torch {torch_threads}, OpenBLAS {blas_threads}, heap {heap} ...",
                  file=sys.stderr)
            done = subprocess.run([sys.executable, __file__, "--child", "--torch-threads", str(torch_threads), "--stage",
                                   args.stage, "--workloads", args.workloads, "--activations", args.activations]
                                  + (["--quick"] if args.quick else [])
                                  + (["--nets", args.nets] if args.nets else [])
                                  + (["--batches", args.batches] if args.batches else [])
                                  + (["--infer-batches", args.infer_batches] if args.infer_batches else []),
                                  env=env, check=True, capture_output=True, text=True)
            runs.append(dict(json.loads(done.stdout), heap=heap))

    best = {}
    for run in runs:
        for key, result in run["results"].items():
            faster = (lambda a, b: a < b) if result["unit"] == "us" else (lambda a, b: a > b)
            if key not in best or faster(result["median"], best[key]["median"]):
                best[key] = dict(result, config=f"torch {run['torch_threads']}, OpenBLAS {run['openblas_threads']}, "
                                                f"heap {run['heap']}")
    out = {
        "threads": args.threads,
        "torch": runs[0]["torch"],
        "openblas_core": runs[0]["openblas_core"],
        "python": platform.python_version(),
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "method": f"warm-up {WARMUP_S}-{WARMUP_MAX_S} s until flat within {WARMUP_FLAT:.0%}, then {REPEATS} runs of "
                  f"~{REPEAT_S} s; median, min and max of the runs; the faster of the heap as it comes and pinned",
        "configurations": [{"torch_threads": r["torch_threads"], "openblas_threads": r["openblas_threads"],
                            "heap": r["heap"], "results": r["results"]} for r in runs],
        "results": best,
    }
    text = json.dumps(out, indent=1)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    else:
        print(text)
    for key, r in best.items():
        print(f"{key:32s} {r['median']:12.1f} {r['unit']:10s} [{r['min']:.1f} .. {r['max']:.1f}]  ({r['config']})",
              file=sys.stderr)


if __name__ == "__main__":
    main()
