#!/usr/bin/env python3
"""The fastest PyTorch peer of `mgs-examples-cli.jar bench` a strong engineer would write: the same MGS step as
mgs_step_reference.py (same batches, K, α, noise, mixture, clipping, AdamW), written for speed instead of the
authors' way:

- parameters and gradients are views of one flat buffer each, so noise, the proposal density's sums, the
  restore and the update are a few calls over one vector, and AdamW steps one tensor;
- candidates perturb the model in place under `torch.inference_mode` (no copy of the model), and the model is
  restored from one saved copy of the flat parameters;
- greedy decoding is a functional GPT-2 forward over the model's own weights: a preallocated KV cache written
  in place, fused scaled-dot-product attention, one q/k/v projection, the LM head on the last position only, no
  per-token Python overhead of `generate` beyond the loop itself.

Same command line and JSON as mgs_step_reference.py; `--check` compares its greedy ids with transformers'
`generate` on the first batch instead of timing.
"""
import json
import math
import time

import torch
import torch.nn.functional as F

from mgs_step_reference import cut, load_peer, mle_loss, peer_arguments, pooled_edit, report


class FlatModel:
    """A GPT-2 whose parameters and gradients are views of one flat buffer each."""

    def __init__(self, model):
        self.model = model
        params = list(model.parameters())
        self.sizes = [p.numel() for p in params]
        self.flat = torch.nn.Parameter(torch.cat([p.detach().reshape(-1) for p in params]))
        self.flat.grad = torch.zeros_like(self.flat)
        offset = 0
        for p, n in zip(params, self.sizes):
            p.data = self.flat.data[offset:offset + n].view_as(p)
            p.grad = self.flat.grad[offset:offset + n].view_as(p)
            offset += n
        self.params = params

    def mean_abs_per_tensor(self, vector):
        """mean |v| of each parameter tensor's slice, repeated over the slice (the noise scale σ per element)."""
        means = torch.stack([s.abs().mean() for s in vector.split(self.sizes)])
        return torch.repeat_interleave(means, torch.tensor(self.sizes))


def clip_(vector, max_norm=1.0):
    """torch.nn.utils.clip_grad_norm_ on one flat vector."""
    norm = vector.norm()
    vector.mul_(torch.clamp(max_norm / (norm + 1e-6), max=1.0))


class GreedyDecoder:
    """Greedy decoding of left-padded contexts with a preallocated KV cache, over a GPT-2's own weights."""

    def __init__(self, model):
        self.cfg = model.config
        self.tr = model.transformer
        self.heads = self.cfg.n_head
        self.head_dim = self.cfg.n_embd // self.heads

    def _block(self, layer, x, cache_k, cache_v, start, key_mask):
        """One transformer block on positions [start, start + T) of x (B, T, d); writes k and v into the cache."""
        b, t, d = x.shape
        h = F.layer_norm(x, (d,), layer.ln_1.weight, layer.ln_1.bias, self.cfg.layer_norm_epsilon)
        qkv = torch.addmm(layer.attn.c_attn.bias, h.view(-1, d), layer.attn.c_attn.weight).view(b, t, 3, self.heads,
                                                                                                self.head_dim)
        q, k, v = qkv.permute(2, 0, 3, 1, 4).unbind(0)
        cache_k[:, :, start:start + t] = k
        cache_v[:, :, start:start + t] = v
        keys, values = cache_k[:, :, :start + t], cache_v[:, :, :start + t]
        a = F.scaled_dot_product_attention(q, keys, values, attn_mask=key_mask)
        a = a.transpose(1, 2).reshape(-1, d)
        x = x + torch.addmm(layer.attn.c_proj.bias, a, layer.attn.c_proj.weight).view(b, t, d)
        h = F.layer_norm(x, (d,), layer.ln_2.weight, layer.ln_2.bias, self.cfg.layer_norm_epsilon).view(-1, d)
        h = F.gelu(torch.addmm(layer.mlp.c_fc.bias, h, layer.mlp.c_fc.weight), approximate="tanh")
        return x + torch.addmm(layer.mlp.c_proj.bias, h, layer.mlp.c_proj.weight).view(b, t, d)

    def _last_logits(self, x):
        d = x.shape[-1]
        h = F.layer_norm(x[:, -1], (d,), self.tr.ln_f.weight, self.tr.ln_f.bias, self.cfg.layer_norm_epsilon)
        return h @ self.tr.wte.weight.t()

    @torch.inference_mode()
    def decode(self, contexts, eos, max_new, stop_at_eos=True):
        b = len(contexts)
        width = max(len(c) for c in contexts)
        total = width + max_new
        ids = torch.full((b, width), eos, dtype=torch.long)
        present = torch.zeros((b, total), dtype=torch.bool)
        for i, c in enumerate(contexts):
            ids[i, width - len(c):] = torch.tensor(c)
            present[i, width - len(c):] = True
        positions = (present[:, :width].long().cumsum(1) - 1).clamp(min=0)
        shape = (b, self.heads, total, self.head_dim)
        caches = [(torch.empty(shape), torch.empty(shape)) for _ in self.tr.h]
        # prefill: causal over present keys; a padding query attends to itself only (finite, never read)
        causal = torch.ones((width, width), dtype=torch.bool).tril()
        mask = (causal & present[:, None, :width]) | torch.eye(width, dtype=torch.bool)
        x = self.tr.wte.weight[ids] + self.tr.wpe.weight[positions]
        for layer, (ck, cv) in zip(self.tr.h, caches):
            x = self._block(layer, x, ck, cv, 0, mask[:, None])
        out = torch.empty((b, max_new), dtype=torch.long)
        done = torch.zeros(b, dtype=torch.bool)
        last = positions[:, -1]
        produced = 0
        for step in range(max_new):
            token = self._last_logits(x).argmax(-1)
            token = torch.where(done, torch.full_like(token, eos), token)
            out[:, step] = token
            produced = step + 1
            if stop_at_eos:
                done |= token == eos
                if bool(done.all()):
                    break
            if step + 1 == max_new:
                break
            last = last + 1
            t = width + step
            present[:, t] = True
            x = self.tr.wte.weight[token][:, None] + self.tr.wpe.weight[last][:, None]
            key_mask = present[:, None, None, :t + 1]
            for layer, (ck, cv) in zip(self.tr.h, caches):
                x = self._block(layer, x, ck, cv, t, key_mask)
        return out[:, :produced].tolist()


def task_loss(decoder, contexts, targets, eos, max_new, stop_at_eos):
    """Greedy-decode the batch and pool the normalised edit distance (as the reference peer)."""
    return pooled_edit(decoder.decode(contexts, eos, max_new, stop_at_eos), targets, eos)


def mgs_step(flat, decoder, optimizer, batch, eos, k, alpha, noise, max_new, stop_at_eos, times):
    model = flat.model
    contexts, targets = batch["contexts"], batch["targets"]
    t0 = time.perf_counter()
    model.eval()
    c0, tokens = task_loss(decoder, contexts, targets, eos, max_new, stop_at_eos)
    t1 = time.perf_counter()
    model.train()
    flat.flat.grad.zero_()
    mle_loss(model, contexts, targets).backward()
    clip_(flat.flat.grad)
    t2 = time.perf_counter()
    model.eval()
    with torch.inference_mode():
        g = -flat.flat.grad  # the MLE centre −∇L
        sigma = noise * flat.mean_abs_per_tensor(g)
        gg = torch.dot(g, g)
        saved = flat.flat.detach().clone()
        epsilons, log_w, t_noise, t_cand = [], [], 0.0, 0.0
        for c in range(k):
            n0 = time.perf_counter()
            eps = torch.randn_like(saved).mul_(sigma)
            if c % 2 == 0:
                eps.add_(g)
            flat.flat.data.add_(eps)
            ee, eg = torch.dot(eps, eps), torch.dot(eps, g)
            log_q = torch.logaddexp(-0.5 * ee + math.log(0.5), -0.5 * ee + eg - 0.5 * gg + math.log(0.5))
            n1 = time.perf_counter()
            ck, tk = task_loss(decoder, contexts, targets, eos, max_new, stop_at_eos)
            flat.flat.data.copy_(saved)
            tokens += tk
            log_w.append(alpha * (c0 - ck) - log_q.item())
            epsilons.append(eps)
            t_noise += n1 - n0
            t_cand += time.perf_counter() - n1
        u0 = time.perf_counter()
        w = torch.softmax(torch.tensor(log_w, dtype=torch.float64), 0)
        direction = torch.zeros_like(saved)
        for c in range(k):
            direction.add_(epsilons[c], alpha=float(w[c]))
        flat.flat.grad.copy_(direction.neg_())
        clip_(flat.flat.grad)
    optimizer.step()
    u1 = time.perf_counter()
    times.append({"step_seconds": u1 - t0, "decode_seconds": t1 - t0, "backprop_seconds": t2 - t1,
                  "noise_seconds": t_noise, "candidate_decode_seconds": t_cand, "update_seconds": u1 - u0,
                  "tokens": tokens})


def main():
    ap = peer_arguments()
    ap.add_argument("--check", action="store_true", help="compare greedy ids with transformers' generate, no timing")
    a = ap.parse_args()
    model, eos, batches, max_new = load_peer(a)
    decoder = GreedyDecoder(model)
    model.eval()
    if a.check:
        ours = decoder.decode(batches[0]["contexts"], eos, max_new)
        width = max(len(c) for c in batches[0]["contexts"])
        ids = torch.full((len(ours), width), eos, dtype=torch.long)
        mask = torch.zeros_like(ids)
        for i, c in enumerate(batches[0]["contexts"]):
            ids[i, width - len(c):], mask[i, width - len(c):] = torch.tensor(c), 1
        with torch.no_grad():
            ref = model.generate(input_ids=ids, attention_mask=mask, do_sample=False, max_new_tokens=max_new,
                                 pad_token_id=eos, eos_token_id=eos, use_cache=True)[:, width:].tolist()
        same = sum(cut(x, eos) == cut(y, eos) for x, y in zip(ours, ref))
        print(json.dumps({"identical_rows": same, "rows": len(ours)}))
        return 0 if same == len(ours) else 1
    flat = FlatModel(model)
    optimizer = torch.optim.AdamW([flat.flat], lr=6.25e-5, weight_decay=0.01)
    times = []
    for batch in batches:
        if a.mode == "mgs":
            mgs_step(flat, decoder, optimizer, batch, eos, a.k, 10.0, 1.0, max_new, not a.ignore_eos, times)
        else:
            t0 = time.perf_counter()
            task_loss(decoder, batch["contexts"], batch["targets"], eos, max_new, not a.ignore_eos)
            times.append({"greedy_seconds": time.perf_counter() - t0})
    report(a, times, peer="optimized")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
