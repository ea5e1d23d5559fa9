#!/usr/bin/env python3
"""Regenerates the tiny Marian reference checkpoints and the expected outputs used by the Java tests.

Usage (from the repository root, with a venv that has torch, transformers and safetensors):

    python mgs-examples/scripts/translation/make_reference.py
        writes mgs-examples/src/test/resources/marian/{tied,separate}/{config.json,model.safetensors,expected.json}

    python mgs-examples/scripts/translation/make_reference.py --verify DIR
        loads a checkpoint written by mgs4j (MarianCheckpoint.save) with transformers' MarianMTModel and prints the
        largest |logit| difference to the committed checkpoint of the same name (tied or separate).

Two random MarianMTModel checkpoints (transformers' own classes and save_pretrained):
- `tied`: shared encoder/decoder embeddings tied to the LM head, `swish` (as opus-mt), `scale_embedding`;
- `separate`: separate encoder and decoder embeddings (decoder vocabulary smaller), an untied LM head, `gelu`,
  no embedding scale.
Both start from random weights with random LayerNorm gains and biases and a random `final_logits_bias`, and are
then trained briefly (TRAIN_STEPS Adam steps, seeded) on a synthetic task (target = source shifted by one id,
reversed, then EOS), so that greedy and beam search produce varied sequences that end at different lengths and
differ from each other (a purely random Marian repeats one token); dropout 0.

expected.json: logits of one pair, greedy and beam-5 `generate` outputs (per source and as one right-padded
batch; `length_penalty=1.0`, `early_stopping=True`, no forced EOS, no bad words, no repetition penalty), summed
target log-probabilities, and the token-mean MLE loss of a batch. Sequences are stored without the decoder start
token, cut after the first EOS.
"""
import argparse
import json
import pathlib

import torch
from transformers import MarianConfig, MarianMTModel

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "src" / "test" / "resources" / "marian"
EOS = 0
MAX_NEW_TOKENS = 12
TRAIN_STEPS = 150

SOURCES = [[5, 17, 60, 42, 7, 7, 33, 0], [40, 1, 2, 0], [11, 22, 33, 44, 55, 66, 77, 12, 9, 0], [3, 0]]
TARGETS = [[4, 5, 9, 0], [6, 0], [43, 44, 45, 46, 47, 0], [70, 71, 0]]

VARIANTS = {
    "tied": dict(vocab_size=96, pad_token_id=95, decoder_start_token_id=95, activation_function="swish",
                 scale_embedding=True, share_encoder_decoder_embeddings=True, tie_word_embeddings=True),
    "separate": dict(vocab_size=96, decoder_vocab_size=80, pad_token_id=79, decoder_start_token_id=79,
                     activation_function="gelu", scale_embedding=False, share_encoder_decoder_embeddings=False,
                     tie_word_embeddings=False),
}


def build_model(name, seed):
    torch.manual_seed(seed)
    config = MarianConfig(
        d_model=32, encoder_layers=2, decoder_layers=2, encoder_attention_heads=4, decoder_attention_heads=4,
        encoder_ffn_dim=64, decoder_ffn_dim=48, max_position_embeddings=64, dropout=0.0, attention_dropout=0.0,
        activation_dropout=0.0, init_std=0.1, eos_token_id=EOS, forced_eos_token_id=None, bos_token_id=None,
        **VARIANTS[name])
    model = MarianMTModel(config)
    with torch.no_grad():
        for pname, p in model.named_parameters():
            if pname.endswith("bias"):
                p.copy_(0.1 * torch.randn_like(p))
            elif "layer_norm" in pname:
                p.copy_(1.0 + 0.1 * torch.randn_like(p))
        model.final_logits_bias.copy_(0.5 * torch.randn_like(model.final_logits_bias))
    train(model, seed)
    return model.eval()


def train(model, seed):
    """A few Adam steps on target = reversed(source + 1) + EOS, with source ids in 3..60."""
    generator = torch.Generator().manual_seed(seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    pad = model.config.pad_token_id
    model.train()
    for _ in range(TRAIN_STEPS):
        sources, targets = [], []
        for _ in range(16):
            n = int(torch.randint(2, 9, (1,), generator=generator))
            s = torch.randint(3, 60, (n,), generator=generator).tolist()
            sources.append(s + [EOS])
            targets.append([t + 1 for t in reversed(s)] + [EOS])
        sw, tw = max(map(len, sources)), max(map(len, targets))
        ids = torch.tensor([s + [pad] * (sw - len(s)) for s in sources])
        mask = torch.tensor([[1] * len(s) + [0] * (sw - len(s)) for s in sources])
        labels = torch.tensor([t + [-100] * (tw - len(t)) for t in targets])
        loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


def cut(ids):
    ids = list(ids)
    return ids[: ids.index(EOS) + 1] if EOS in ids else ids


def generate(model, sources, beams):
    pad = model.config.pad_token_id
    width = max(len(s) for s in sources)
    ids = torch.tensor([s + [pad] * (width - len(s)) for s in sources])
    mask = torch.tensor([[1] * len(s) + [0] * (width - len(s)) for s in sources])
    with torch.no_grad():
        out = model.generate(
            ids, attention_mask=mask, do_sample=False, num_beams=beams, length_penalty=1.0, early_stopping=True,
            max_new_tokens=MAX_NEW_TOKENS, forced_eos_token_id=None, bad_words_ids=None, repetition_penalty=1.0,
            no_repeat_ngram_size=0, min_length=0, num_return_sequences=1, use_cache=True)
    return [cut(row[1:].tolist()) for row in out]


def scores(model, sources, targets):
    out = []
    with torch.no_grad():
        for s, t in zip(sources, targets):
            logits = model(input_ids=torch.tensor([s]), labels=torch.tensor([t])).logits[0]
            logp = torch.log_softmax(logits.double(), -1)
            out.append(float(sum(logp[i, tok] for i, tok in enumerate(t))))
    return out


def mle_loss(model, sources, targets):
    pad = model.config.pad_token_id
    sw = max(len(s) for s in sources)
    tw = max(len(t) for t in targets)
    ids = torch.tensor([s + [pad] * (sw - len(s)) for s in sources])
    mask = torch.tensor([[1] * len(s) + [0] * (sw - len(s)) for s in sources])
    labels = torch.tensor([t + [-100] * (tw - len(t)) for t in targets])
    with torch.no_grad():
        return float(model(input_ids=ids, attention_mask=mask, labels=labels).loss)


def expected(model):
    with torch.no_grad():
        logits = model(input_ids=torch.tensor([SOURCES[0]]), labels=torch.tensor([TARGETS[0]])).logits[0]
    return {
        "sources": SOURCES,
        "targets": TARGETS,
        "max_new_tokens": MAX_NEW_TOKENS,
        "logits_pair0": [[round(float(v), 6) for v in row] for row in logits],
        "greedy_each": [generate(model, [s], 1)[0] for s in SOURCES],
        "greedy_batch": generate(model, SOURCES, 1),
        "beam5_each": [generate(model, [s], 5)[0] for s in SOURCES],
        "beam5_batch": generate(model, SOURCES, 5),
        "beam3_batch": generate(model, SOURCES, 3),
        "scores": scores(model, SOURCES, TARGETS),
        "mle_loss": mle_loss(model, SOURCES, TARGETS),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--verify", type=pathlib.Path)
    args = parser.parse_args()
    if args.verify:
        name = json.loads((args.verify / "config.json").read_text()).get("share_encoder_decoder_embeddings", True)
        name = "tied" if name else "separate"
        theirs = MarianMTModel.from_pretrained(args.verify).eval()
        ours = MarianMTModel.from_pretrained(OUT / name).eval()
        with torch.no_grad():
            a = theirs(input_ids=torch.tensor([SOURCES[2]]), labels=torch.tensor([TARGETS[2]])).logits
            b = ours(input_ids=torch.tensor([SOURCES[2]]), labels=torch.tensor([TARGETS[2]])).logits
        print(f"transformers loads {args.verify} ({name}); max |logit diff| = {float((a - b).abs().max()):.3g}")
        return
    for i, name in enumerate(VARIANTS):
        model = build_model(name, 20261203 + i)
        out = OUT / name
        out.mkdir(parents=True, exist_ok=True)
        model.save_pretrained(out, safe_serialization=True)
        (out / "generation_config.json").unlink(missing_ok=True)
        (out / "expected.json").write_text(json.dumps(expected(model)) + "\n")
        print(name, json.dumps({k: v for k, v in expected(model).items() if k != "logits_pair0"})[:2000])


if __name__ == "__main__":
    main()
