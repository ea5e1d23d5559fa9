#!/usr/bin/env python3
"""Runs the Java bench and the Python peers alternately and prints median ratios (Java / Python) per peer.

    python3 mgs-examples/bench/compare.py --python /tmp/v/bin/python --rounds 5 [--model-dir D | --random-config gpt2-124m]

Peers: `optimized` (mgs_step_optimized.py: flat buffers, in-place candidates, a functional greedy decoder with a
preallocated KV cache and fused attention) and `reference` (mgs_step_reference.py: the authors' way, a deep copy
per candidate and `generate`). Every side uses the same batches (written by the Java bench with --ids-json), K and
thread count; each round runs Java, then each peer.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
JAR = os.path.join(HERE, "..", "target", "mgs-examples-cli.jar")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--model-dir")
    ap.add_argument("--random-config")
    ap.add_argument("--k", type=int, default=4)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=3, help="unmeasured steps on both sides")
    ap.add_argument("--threads", type=int, default=2, help="intra-op threads of both sides")
    ap.add_argument("--java-threads", type=int, help="Java's intra-op threads (default: --threads)")
    ap.add_argument("--python-threads", type=int, help="the peer's intra-op threads (default: --threads)")
    ap.add_argument("--ignore-eos", action="store_true", help="both sides decode every row to the length limit")
    ap.add_argument("--replicas", type=int, default=0, help="Java: model replicas decoding candidates concurrently")
    ap.add_argument("--peers", default="optimized,reference", help="comma-separated: optimized, reference")
    ap.add_argument("--ndarray-decoding", action="store_true",
                    help="Java decodes operation by operation instead of one TorchScript call per token")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp()
    ids = os.path.join(tmp, "ids.json")
    saved = os.path.join(tmp, "model")
    source = (["--model-dir", a.model_dir] if a.model_dir
              else ["--random-config", a.random_config, "--save-model", saved] if a.random_config else [])
    jt = a.java_threads or a.threads
    pt = a.python_threads or a.threads
    java_env = dict(os.environ, THP_MEM_ALLOC_ENABLE="1", OMP_NUM_THREADS=str(jt))
    env = dict(os.environ, THP_MEM_ALLOC_ENABLE="1", OMP_NUM_THREADS=str(pt))
    peers = a.peers.split(",")
    ratios = {peer: {"step": [], "greedy": []} for peer in peers}
    for r in range(a.rounds):
        jj = os.path.join(tmp, f"java{r}.json")
        subprocess.run(["java", f"-Dai.djl.pytorch.num_threads={jt}", "-jar", JAR, "bench", "--batch",
                        str(a.batch), "--k", str(a.k), "--steps", str(a.steps), "--warmup", str(a.warmup), "--json", jj, "--ids-json", ids]
                       + source + (["--ignore-eos"] if a.ignore_eos else []) + ["--replicas", str(a.replicas)]
                       + (["--ndarray-decoding"] if a.ndarray_decoding else []),
                       check=True, env=java_env,
                       stdout=subprocess.DEVNULL)
        j = json.load(open(jj))
        print(f"round {r}: java step {j['step_seconds']:.3f}s (floor {j['floor_seconds']:.3f}s, "
              f"step/floor {j['step_over_floor']:.3f}), java greedy {j['floor_decode_seconds']:.3f}s", flush=True)
        for name in peers:
            peer = [a.python, os.path.join(HERE, f"mgs_step_{name}.py"), "--ids", ids, "--k", str(a.k),
                    "--threads", str(pt), "--warmup", str(a.warmup)] + (["--ignore-eos"] if a.ignore_eos else [])
            if a.model_dir:
                peer += ["--model-dir", a.model_dir]
            elif a.random_config:
                peer += ["--model-dir", saved]  # the very weights Java benchmarked
            else:
                sys.exit("the Python peers need --model-dir (e.g. the extracted bundled model) or --random-config")
            pm, pg = os.path.join(tmp, f"{name}{r}.json"), os.path.join(tmp, f"{name}g{r}.json")
            subprocess.run(peer + ["--json", pm], check=True, env=env, stdout=subprocess.DEVNULL)
            subprocess.run(peer + ["--mode", "greedy", "--json", pg], check=True, env=env, stdout=subprocess.DEVNULL)
            p, g = json.load(open(pm)), json.load(open(pg))
            ratios[name]["step"].append(j["step_seconds"] / p["step_seconds"])
            ratios[name]["greedy"].append(j["floor_decode_seconds"] / g["greedy_seconds"])
            print(f"  {name}: step {p['step_seconds']:.3f}s, greedy {g['greedy_seconds']:.3f}s", flush=True)
    summary = {}
    for name in peers:
        for what in ("step", "greedy"):
            values = sorted(ratios[name][what])
            summary[f"java_over_{name}_{what}"] = {"median": statistics.median(values), "min": values[0],
                                                   "max": values[-1]}
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
