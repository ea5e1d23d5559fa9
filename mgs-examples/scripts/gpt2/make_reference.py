#!/usr/bin/env python3
"""Regenerates the tiny GPT-2 reference checkpoint and the expected outputs used by the Java tests.

Usage (from the repository root, with a venv that has torch, transformers and safetensors):

    python mgs-examples/scripts/gpt2/make_reference.py
        writes mgs-examples/src/test/resources/gpt2/tiny/{config.json,model.safetensors,expected.json}

    python mgs-examples/scripts/gpt2/make_reference.py --gradients
        adds the MLE gradient of the scoring batch (per-parameter L2 norms and projections) to expected.json,
        computed from the committed checkpoint

    python mgs-examples/scripts/gpt2/make_reference.py --sequence-gradients
        adds the gradient of a weighted sum of the scoring batch's sequence log-probabilities,
        Σ_i w_i log p(continuation_i | context_i) (per-parameter L2 norms and projections), to expected.json:
        the reference of SequenceModel.sequenceLogProbability's gradient

    python mgs-examples/scripts/gpt2/make_reference.py --verify DIR
        loads a checkpoint written by mgs4j (Gpt2Checkpoint.save) with transformers' GPT2LMHeadModel
        and checks that its logits match expected.json to 1e-4.

The model is a random GPT-2 (vocab 512, 64 positions, width 64, 2 layers, 4 heads, dropout 0). Weights
use a larger initializer range than GPT-2 and random LayerNorm/bias values, so that wrong LayerNorm or
bias handling shows up in the logits and greedy decoding has clear top-1 margins.
"""
import argparse
import json
import pathlib
import sys

import torch
from transformers import GPT2Config, GPT2LMHeadModel

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "src" / "test" / "resources" / "gpt2" / "tiny"
SEED = 20240607
EOS = 511

LOGIT_SEQUENCES = [[5, 17, 300, 42, 7, 7, 99, 128, 3], [400, 1, 2, 511, 9]]
GREEDY_CONTEXTS = [[11, 22, 33, 44, 55, 66, 77], [300], [7, 8, 9, 10]]
MAX_NEW_TOKENS = 12
SCORE_CONTEXTS = [[1, 2, 3], [100, 200, 300, 400, 500, 5], [42]]
SCORE_CONTINUATIONS = [[4, 5, 511], [6, 511], [43, 44, 45, 46, 47, 511]]


def build_model():
    torch.manual_seed(SEED)
    config = GPT2Config(
        vocab_size=512, n_positions=64, n_embd=64, n_layer=2, n_head=4,
        resid_pdrop=0.0, embd_pdrop=0.0, attn_pdrop=0.0, initializer_range=0.2,
        bos_token_id=EOS, eos_token_id=EOS, activation_function="gelu_new",
        layer_norm_epsilon=1e-5, tie_word_embeddings=True)
    model = GPT2LMHeadModel(config)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("bias"):
                p.copy_(0.1 * torch.randn_like(p))
            elif ".ln_" in name or name.startswith("transformer.ln_f"):
                p.copy_(1.0 + 0.1 * torch.randn_like(p))
    return model.eval()


def row_logits(model, ids):
    with torch.no_grad():
        return model(torch.tensor([ids])).logits[0]


def greedy(model, contexts):
    """Greedy decoding with generate(): each row alone, and the rows as one left-padded batch."""
    model.generation_config.eos_token_id = None
    model.generation_config.pad_token_id = 0
    kwargs = dict(do_sample=False, max_new_tokens=MAX_NEW_TOKENS, min_new_tokens=MAX_NEW_TOKENS, use_cache=True)
    per_row = []
    for ctx in contexts:
        out = model.generate(torch.tensor([ctx]), attention_mask=torch.ones(1, len(ctx), dtype=torch.long), **kwargs)
        per_row.append(out[0, len(ctx):].tolist())
    width = max(len(c) for c in contexts)
    ids = torch.tensor([[0] * (width - len(c)) + c for c in contexts])
    mask = torch.tensor([[0] * (width - len(c)) + [1] * len(c) for c in contexts])
    out = model.generate(ids, attention_mask=mask, **kwargs)
    batched = out[:, width:].tolist()
    return per_row, batched


def min_greedy_margin(model, contexts, continuations):
    """Smallest top-1 minus top-2 logit gap along the greedy paths (to make sure ties cannot flip)."""
    margin = float("inf")
    for ctx, cont in zip(contexts, continuations):
        logits = row_logits(model, ctx + cont)
        for t in range(len(ctx) - 1, len(ctx) + len(cont) - 1):
            top = torch.topk(logits[t], 2).values
            margin = min(margin, float(top[0] - top[1]))
    return margin


def continuation_log_probs(model, contexts, continuations):
    result = []
    for ctx, cont in zip(contexts, continuations):
        logp = torch.log_softmax(row_logits(model, ctx + cont).double(), dim=-1)
        result.append(sum(float(logp[len(ctx) - 1 + i, tok]) for i, tok in enumerate(cont)))
    return result


def generate():
    model = build_model()
    OUT.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(OUT, safe_serialization=True)
    for extra in ("generation_config.json",):
        (OUT / extra).unlink(missing_ok=True)
    per_row, batched = greedy(model, GREEDY_CONTEXTS)
    expected = {
        "generator": "mgs-examples/scripts/gpt2/make_reference.py",
        "torch": torch.__version__,
        "transformers": __import__("transformers").__version__,
        "logits": [{"ids": ids, "logits": [[round(float(v), 6) for v in row] for row in row_logits(model, ids)]}
                   for ids in LOGIT_SEQUENCES],
        "greedy": {"contexts": GREEDY_CONTEXTS, "max_new_tokens": MAX_NEW_TOKENS,
                   "per_row": per_row, "batched": batched,
                   "min_top1_margin": min_greedy_margin(model, GREEDY_CONTEXTS, per_row)},
        "scores": {"contexts": SCORE_CONTEXTS, "continuations": SCORE_CONTINUATIONS,
                   "log_probs": continuation_log_probs(model, SCORE_CONTEXTS, SCORE_CONTINUATIONS)},
    }
    (OUT / "expected.json").write_text(json.dumps(expected, separators=(",", ":")) + "\n")
    print(f"wrote {OUT}; greedy per-row == batched: {per_row == batched}; "
          f"min top-1 margin {expected['greedy']['min_top1_margin']:.4f}")


def gradient_fingerprint(model):
    """Per parameter: L2 norm of the MLE gradient and its dot product with sin(0.1 * i + 1) (flattened)."""
    contexts, continuations = SCORE_CONTEXTS, SCORE_CONTINUATIONS
    model.zero_grad()
    total = sum(len(c) for c in continuations)
    loss = 0.0
    for ctx, cont in zip(contexts, continuations):
        logp = torch.log_softmax(model(torch.tensor([ctx + cont])).logits[0], dim=-1)
        loss = loss - sum(logp[len(ctx) - 1 + i, tok] for i, tok in enumerate(cont)) / total
    loss.backward()
    return {"loss": float(loss), "parameters": parameter_fingerprints(model)}


def parameter_fingerprints(model):
    """Per parameter (named as in mgs4j): the L2 norm of its gradient and the dot product with sin(0.1 * i + 1)."""
    result = {}
    for name, p in model.named_parameters():
        g = p.grad.detach().double().reshape(-1)
        probe = torch.sin(0.1 * torch.arange(g.numel(), dtype=torch.float64) + 1)
        key = name[len("transformer."):] if name.startswith("transformer.") else name
        result[key] = {"norm": float(g.norm()), "projection": float(g @ probe)}
    return result


SEQUENCE_WEIGHTS = [0.7, -1.3, 0.4]


def sequence_gradient_fingerprint(model):
    """Gradient of sum_i w_i * log p(continuation_i | context_i), fingerprinted as gradient_fingerprint does."""
    model.zero_grad()
    objective = 0.0
    for weight, ctx, cont in zip(SEQUENCE_WEIGHTS, SCORE_CONTEXTS, SCORE_CONTINUATIONS):
        logp = torch.log_softmax(model(torch.tensor([ctx + cont])).logits[0], dim=-1)
        objective = objective + weight * sum(logp[len(ctx) - 1 + i, tok] for i, tok in enumerate(cont))
    objective.backward()
    return {"weights": SEQUENCE_WEIGHTS, "value": float(objective.detach()), "parameters": parameter_fingerprints(model)}


def add_sequence_gradients():
    model = GPT2LMHeadModel.from_pretrained(OUT).eval()
    expected = json.loads((OUT / "expected.json").read_text())
    expected["sequence_gradient"] = sequence_gradient_fingerprint(model)
    (OUT / "expected.json").write_text(json.dumps(expected, separators=(",", ":")) + "\n")
    print(f"added the sequence log-probability gradient of {len(expected['sequence_gradient']['parameters'])} "
          f"parameters to expected.json")


def add_gradients():
    model = GPT2LMHeadModel.from_pretrained(OUT).eval()
    expected = json.loads((OUT / "expected.json").read_text())
    expected["mle_gradient"] = gradient_fingerprint(model)
    (OUT / "expected.json").write_text(json.dumps(expected, separators=(",", ":")) + "\n")
    print(f"added the MLE gradient of {len(expected['mle_gradient']['parameters'])} parameters to expected.json")


def verify(directory):
    expected = json.loads((OUT / "expected.json").read_text())
    model = GPT2LMHeadModel.from_pretrained(directory).eval()
    worst = 0.0
    for case in expected["logits"]:
        diff = (row_logits(model, case["ids"]) - torch.tensor(case["logits"])).abs().max().item()
        worst = max(worst, diff)
    print(f"{directory}: transformers loads it; max |logit diff| vs expected.json = {worst:.2e}")
    return 0 if worst <= 1e-4 else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verify", metavar="DIR", help="check a Java-written checkpoint with transformers")
    parser.add_argument("--gradients", action="store_true", help="add the MLE gradient fingerprint to expected.json")
    parser.add_argument("--sequence-gradients", action="store_true",
                        help="add the sequence log-probability gradient fingerprint to expected.json")
    args = parser.parse_args()
    if args.gradients:
        add_gradients()
        sys.exit(0)
    if args.sequence_gradients:
        add_sequence_gradients()
        sys.exit(0)
    if args.verify:
        sys.exit(verify(args.verify))
    generate()
