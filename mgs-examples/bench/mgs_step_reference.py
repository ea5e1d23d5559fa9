#!/usr/bin/env python3
"""The PyTorch + transformers peer of `mgs-examples-cli.jar bench`: the same MGS step, written plainly the
way the authors' code does it (a deep copy of the model per candidate), on the same checkpoint, batches,
K and thread count. Prints (and optionally writes) median timings as JSON.

Install from the local wheels (development only):
    python3 -m venv /tmp/v && /tmp/v/bin/pip install --no-index --find-links WHEELS torch transformers safetensors
Usage:
    java -jar mgs-examples/target/mgs-examples-cli.jar bench --ids-json /tmp/ids.json --json /tmp/java.json [--model-dir D]
    python3 mgs-examples/bench/mgs_step_reference.py --ids /tmp/ids.json [--model-dir D | --random-config gpt2-124m]
"""
import argparse
import copy
import json
import math
import statistics
import time

import torch
from transformers import GPT2Config, GPT2LMHeadModel


def levenshtein(a, b):
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        diag, row[0] = row[0], i
        for j in range(1, len(b) + 1):
            above = row[j]
            row[j] = min(above + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1]))
            diag = above
    return row[len(b)]


def cut(ids, eos):
    return ids[: ids.index(eos) + 1] if eos in ids else ids


def task_loss(model, contexts, targets, eos, max_new):
    """Greedy-decode the batch (left-padded, KV cache) and pool the normalised edit distance."""
    width = max(len(c) for c in contexts)
    ids = torch.full((len(contexts), width), eos, dtype=torch.long)
    mask = torch.zeros((len(contexts), width), dtype=torch.long)
    for i, c in enumerate(contexts):
        ids[i, width - len(c):] = torch.tensor(c)
        mask[i, width - len(c):] = 1
    with torch.no_grad():
        stop = {} if model.generation_config.eos_token_id is None else {"eos_token_id": eos}
        out = model.generate(input_ids=ids, attention_mask=mask, do_sample=False, max_new_tokens=max_new,
                             pad_token_id=eos, use_cache=True, **stop)
    return pooled_edit(out[:, width:].tolist(), targets, eos)


def pooled_edit(hypotheses, targets, eos):
    """The batch's mean edit distance / |target| (each capped at 1) and the tokens decoded, each row cut after EOS."""
    losses = [min(levenshtein(cut(h, eos), cut(t, eos)) / len(cut(t, eos)), 1.0) for h, t in zip(hypotheses, targets)]
    return sum(losses) / len(losses), sum(len(cut(h, eos)) for h in hypotheses)


def mle_loss(model, contexts, targets):
    rows = [c + t for c, t in zip(contexts, targets)]
    width = max(len(r) for r in rows)
    ids = torch.zeros((len(rows), width), dtype=torch.long)
    labels = torch.full((len(rows), width), -100, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, (c, t) in enumerate(zip(contexts, targets)):
        r = c + t
        ids[i, : len(r)] = torch.tensor(r)
        mask[i, : len(r)] = 1
        labels[i, len(c): len(r)] = torch.tensor(t)
    return model(input_ids=ids, attention_mask=mask, labels=labels).loss


def mgs_step(model, optimizer, batch, eos, k, alpha, noise, max_new, times):
    contexts, targets = batch["contexts"], batch["targets"]
    t0 = time.perf_counter()
    model.eval()
    c0, tokens = task_loss(model, contexts, targets, eos, max_new)
    t1 = time.perf_counter()
    model.train()
    optimizer.zero_grad()
    mle_loss(model, contexts, targets).backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    g = [-p.grad.detach().clone() for p in model.parameters()]
    t2 = time.perf_counter()
    model.eval()
    epsilons, log_w, t_noise, t_cand = [], [], 0.0, 0.0
    for c in range(k):
        n0 = time.perf_counter()
        candidate = copy.deepcopy(model)
        eps = []
        for p, gp in zip(candidate.parameters(), g):
            e = noise * torch.randn_like(p) * (gp.abs().sum() / gp.numel())
            if c % 2 == 0:
                e = e + gp
            p.data.add_(e)
            eps.append(e)
        ee = sum((e * e).sum() for e in eps)
        eg = sum((e * gi).sum() for e, gi in zip(eps, g))
        gg = sum((gi * gi).sum() for gi in g)
        log_q = torch.logaddexp(-0.5 * ee + math.log(0.5), -0.5 * ee + eg - 0.5 * gg + math.log(0.5))
        n1 = time.perf_counter()
        ck, tk = task_loss(candidate, contexts, targets, eos, max_new)
        tokens += tk
        n2 = time.perf_counter()
        log_w.append(alpha * (c0 - ck) - log_q.item())
        epsilons.append(eps)
        del candidate
        t_noise += n1 - n0
        t_cand += n2 - n1
    u0 = time.perf_counter()
    w = torch.softmax(torch.tensor(log_w, dtype=torch.float64), 0)
    for i, p in enumerate(model.parameters()):
        p.grad = -sum(float(w[c]) * epsilons[c][i] for c in range(k))
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    u1 = time.perf_counter()
    times.append({"step_seconds": u1 - t0, "decode_seconds": t1 - t0, "backprop_seconds": t2 - t1,
                  "noise_seconds": t_noise, "candidate_decode_seconds": t_cand, "update_seconds": u1 - u0,
                  "tokens": tokens})


def peer_arguments():
    """The command line both peers share."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--ids", required=True)
    ap.add_argument("--model-dir")
    ap.add_argument("--random-config")
    ap.add_argument("--k", type=int, default=4)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--mode", choices=["mgs", "greedy"], default="mgs")
    ap.add_argument("--ignore-eos", action="store_true",
                    help="decode every row to the length limit (as Java's bench --ignore-eos)")
    ap.add_argument("--warmup", type=int, default=1, help="unmeasured first batches (as Java's bench --warmup)")
    ap.add_argument("--json")
    return ap


def load_peer(a):
    """Threads and seed set; returns the model (float32), its EOS id, the batches and the decode limit."""
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    if a.random_config:
        model = GPT2LMHeadModel(GPT2Config(n_embd=768, n_layer=12, n_head=12, n_positions=1024, vocab_size=50257,
                                           resid_pdrop=0, embd_pdrop=0, attn_pdrop=0))
    else:
        model = GPT2LMHeadModel.from_pretrained(a.model_dir, dtype=torch.float32)
    batches = json.load(open(a.ids))
    max_new = min(1000, math.ceil(1.3 * max(len(t) for t in batches[0]["targets"]) - 1e-9))
    return model, model.config.eos_token_id, batches, max_new


def report(a, times, **extra):
    """Prints (and writes with --json) the medians of the measured steps."""
    measured = times[a.warmup:]
    result = {key: statistics.median(t[key] for t in measured) for key in measured[0]}
    result.update({"k": a.k, "threads": a.threads, "mode": a.mode, "steps": len(measured)}, **extra)
    print(json.dumps(result, indent=1))
    if a.json:
        json.dump(result, open(a.json, "w"), indent=1)


def main():
    a = peer_arguments().parse_args()
    model, eos, batches, max_new = load_peer(a)
    if a.ignore_eos:
        model.generation_config.eos_token_id = None  # generate() then never stops early
    optimizer = torch.optim.AdamW(model.parameters(), lr=6.25e-5, weight_decay=0.01)
    times = []
    for batch in batches:
        if a.mode == "mgs":
            mgs_step(model, optimizer, batch, eos, a.k, 10.0, 1.0, max_new, times)
        else:
            model.eval()
            t0 = time.perf_counter()
            task_loss(model, batch["contexts"], batch["targets"], eos, max_new)
            times.append({"greedy_seconds": time.perf_counter() - t0})
    report(a, times)


if __name__ == "__main__":
    main()
