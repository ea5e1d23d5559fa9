#!/usr/bin/env python3
"""Times batched greedy and beam-5 decoding of test sources: Java (`translate generate`) against transformers'
`MarianMTModel.generate`, on the same checkpoint, the same batches and the same thread count, side by side.

Usage (from the repository root, after `mvn -q -B -DskipTests package`; needs torch, transformers, tokenizers):

    python mgs-examples/bench/translation_decode.py --model-dir DIR [--sources 1000] [--threads 2] [--rounds 2] \
        [--beams 1,5]

DIR: a Marian checkpoint with its tokenizer.json (default: the bundled model, extracted to a temporary directory
from the resources). Sources: the first N pairs of the bundled test split, encoded as the Java side encodes them
(subword ids + </s>). Batches: the Java `Translator`'s: sources sorted by length, 64 per batch, each batch decoding
at most ceil(1.5 x longest source + 10) new tokens. transformers runs with num_beams=B, length_penalty=1.0,
early_stopping=True, no forced EOS, use_cache=True, float32 weights, torch.set_num_threads(threads). Each round times Java then
Python; the ratio reported is Java time / transformers time per round (the median over rounds). Java's time is
the decode loop only (model loaded), as transformers' is. The outputs of the two sides are compared too.
"""
import argparse
import json
import lzma
import math
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

import torch
from tokenizers import Tokenizer
from transformers import MarianMTModel

ROOT = pathlib.Path(__file__).resolve().parents[2]
RES = ROOT / "mgs-examples/src/main/resources/io/github/mgs4j/examples"
JAR = ROOT / "mgs-examples/target/mgs-examples-cli.jar"
BATCH = 64


def bundled_model(tmp):
    d = pathlib.Path(tmp) / "model"
    d.mkdir()
    for f in ("config.json", "model.safetensors"):
        shutil.copy(RES / "translation-model" / f, d / f)
    (d / "tokenizer.json").write_bytes(lzma.open(RES / "bible/tokenizer.json.xz").read())
    return d


def sources(model_dir, n):
    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    eos = tok.token_to_id("</s>")
    lines = lzma.open(RES / "bible/test.tsv.xz").read().decode().splitlines()[:n]
    return [tok.encode(line.split("\t")[1]).ids + [eos] for line in lines]


def cut(ids, eos):
    return ids[: ids.index(eos) + 1] if eos in ids else ids


def python_decode(model, srcs, beams):
    pad = model.config.pad_token_id
    eos = model.config.eos_token_id
    order = sorted(range(len(srcs)), key=lambda i: (len(srcs[i]), i))
    out = [None] * len(srcs)
    start = time.perf_counter()
    for b in range(0, len(order), BATCH):
        idx = order[b:b + BATCH]
        width = max(len(srcs[i]) for i in idx)
        ids = torch.tensor([srcs[i] + [pad] * (width - len(srcs[i])) for i in idx])
        mask = torch.tensor([[1] * len(srcs[i]) + [0] * (width - len(srcs[i])) for i in idx])
        budget = min(model.config.max_position_embeddings - 1, math.ceil(1.5 * width + 10))
        with torch.no_grad():
            gen = model.generate(ids, attention_mask=mask, do_sample=False, num_beams=beams, length_penalty=1.0,
                                 early_stopping=True, max_new_tokens=budget, forced_eos_token_id=None,
                                 bad_words_ids=None, use_cache=True)
        for k, i in enumerate(idx):
            out[i] = cut(gen[k, 1:].tolist(), eos)
    return time.perf_counter() - start, out


def java_decode(model_dir, ids_file, beams, threads):
    cmd = ["java", f"-Dai.djl.pytorch.num_threads={threads}", "-jar", str(JAR), "translate", "generate",
           "--model-dir", str(model_dir), "--source-ids-file", str(ids_file), "--beam", str(beams),
           "--batch", str(BATCH), "--time"]
    r = subprocess.run(cmd, capture_output=True, text=True, check=True)
    seconds = float(r.stderr.strip().splitlines()[-1].split(" in ")[1].split(" s")[0])
    return seconds, [json.loads(line) for line in r.stdout.strip().splitlines()]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model-dir", type=pathlib.Path)
    p.add_argument("--sources", type=int, default=1000)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--beams", default="1,5", help="comma-separated beam widths to time (1 = greedy)")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = a.model_dir or bundled_model(tmp)
        srcs = sources(model_dir, a.sources)
        ids_file = pathlib.Path(tmp) / "ids.txt"
        ids_file.write_text("".join(",".join(map(str, s)) + "\n" for s in srcs))
        # float32 on both sides: transformers would otherwise keep the checkpoint's stored dtype (the bundled model
        # is saved in float16), while the Java model computes in float32.
        model = MarianMTModel.from_pretrained(model_dir, dtype=torch.float32).eval()
        for beams in (int(b) for b in a.beams.split(",")):
            ratios = []
            for r in range(a.rounds):
                jt, jout = java_decode(model_dir, ids_file, beams, a.threads)
                pt, pout = python_decode(model, srcs, beams)
                same = sum(x == y for x, y in zip(jout, pout))
                ratios.append(jt / pt)
                print(f"beam {beams} round {r + 1}: java {jt:.2f} s, transformers {pt:.2f} s, ratio {jt / pt:.3f}, "
                      f"identical outputs {same}/{len(srcs)}", flush=True)
            ratios.sort()
            print(f"beam {beams}: median java/transformers time ratio {ratios[len(ratios) // 2]:.3f} "
                  f"({len(srcs)} sources, batches of {BATCH}, {a.threads} threads)", flush=True)


if __name__ == "__main__":
    sys.exit(main())
