#!/usr/bin/env python3
"""Builds the TorchScript module behind `Gpt2DecodingSession`'s engine path: one GPT-2 incremental decoding step
(one new token per row against the KV cache) as a single engine call.

The module has no parameters and no weights: the model's parameter arrays, its KV cache and the step's inputs are
arguments, so one committed module serves every GPT-2 checkpoint and sees MGS's in-place perturbations. Its
operations are those of the Java NDArray path (`Gpt2Model.hidden`, `Gpt2Block`, `Gpt2Attention`, `Gpt2Ops`), in
the same order with the same kernels, so both paths give bit-identical logits; the module only removes the
per-operation cost of calling the engine from Java.

Run at development time (torch from the local wheels), from the repository root:

    python mgs-examples/scripts/torchscript/build_gpt2_decode_step.py \
        mgs-examples/src/main/resources/io/github/mgs4j/examples/gpt2/decode_step.pt
"""
import sys
from typing import List, Optional, Tuple

import torch
from torch import Tensor



class Gpt2DecodeStep(torch.nn.Module):
    """forward(ids, positions, key_bias, keys, values, parameters, heads, epsilon, gelu_linear, gelu_cubic, scale)
    -> (logits, keys, values), and unpadded(...) without key_bias.

    ids, positions: int64 (B, 1); key_bias: float32 (B, 1, 1, keys) or None (no row padded), already extended by
    the new position (forward only); keys, values: per layer (1, B, heads, cached, head_dim); parameters: the model's in
    Hugging Face order (wte, wpe, twelve per block, ln_f); gelu_linear, gelu_cubic: the constants of `gelu_new`
    written as x·sigmoid(x·(gelu_linear + gelu_cubic·x²)) (0-dimensional float32, those of `Gpt2Ops`); scale: 1/sqrt(head_dim) as a 0-dimensional float32
    tensor (the caller passes 1 when the configuration does not scale; q·1 is q). Returns the next-token logits (B, vocabulary) and the
    extended caches.
    """

    def forward(self, ids: Tensor, positions: Tensor, key_bias: Tensor, keys: List[Tensor], values: List[Tensor],
                parameters: List[Tensor], heads: int, epsilon: float, gelu_linear: Tensor, gelu_cubic: Tensor,
                scale: Tensor) -> Tuple[Tensor, List[Tensor], List[Tensor]]:
        """The step for a batch with padded rows: key_bias (B, 1, 1, keys) is added to the attention scores."""
        return self.step(ids, positions, key_bias, keys, values, parameters, heads, epsilon, gelu_linear, gelu_cubic,
                         scale)

    @torch.jit.export
    def unpadded(self, ids: Tensor, positions: Tensor, keys: List[Tensor], values: List[Tensor],
                 parameters: List[Tensor], heads: int, epsilon: float, gelu_linear: Tensor, gelu_cubic: Tensor,
                 scale: Tensor) -> Tuple[Tensor, List[Tensor], List[Tensor]]:
        """The step for a batch without padding: no bias is added to the attention scores."""
        return self.step(ids, positions, None, keys, values, parameters, heads, epsilon, gelu_linear, gelu_cubic,
                         scale)

    def step(self, ids: Tensor, positions: Tensor, key_bias: Optional[Tensor], keys: List[Tensor],
             values: List[Tensor], parameters: List[Tensor], heads: int, epsilon: float, gelu_linear: Tensor,
             gelu_cubic: Tensor, scale: Optional[Tensor]) -> Tuple[Tensor, List[Tensor], List[Tensor]]:
        wte = parameters[0]
        batch = ids.shape[0]
        width = wte.shape[1]
        x = torch.embedding(wte, ids) + torch.embedding(parameters[1], positions)
        new_keys: List[Tensor] = []
        new_values: List[Tensor] = []
        for layer in range(len(keys)):
            p = parameters[2 + layer * 12: 2 + (layer + 1) * 12]
            normed_in = torch.layer_norm(x, [width], p[0], p[1], epsilon)
            projected = torch.nn.functional.linear(normed_in, p[2].t(), p[3])
            qkv = projected.reshape(batch, 1, 3, heads, width // heads).permute(2, 0, 3, 1, 4).split(1, 0)
            k = torch.cat([keys[layer], qkv[1]], 3)
            v = torch.cat([values[layer], qkv[2]], 3)
            new_keys.append(k)
            new_values.append(v)
            q = qkv[0] if scale is None else qkv[0] * scale
            scores = q.matmul(k.transpose(3, 4))
            if key_bias is not None:
                scores = scores + key_bias
            weighted = torch.softmax(scores, -1, torch.float32).matmul(v)
            context = weighted.permute(0, 1, 3, 2, 4).reshape(batch, 1, width)
            h = x + torch.nn.functional.linear(context, p[4].t(), p[5])
            normed = torch.layer_norm(h, [width], p[6], p[7], epsilon)
            pre = torch.nn.functional.linear(normed, p[8].t(), p[9])
            hidden = torch.sigmoid((pre.square() * gelu_cubic + gelu_linear) * pre) * pre
            x = h + torch.nn.functional.linear(hidden, p[10].t(), p[11])
        final = torch.layer_norm(x, [width], parameters[-2], parameters[-1], epsilon)
        logits = torch.nn.functional.linear(final.reshape(batch, width), wte)
        return logits, new_keys, new_values


def main(out):
    module = torch.jit.script(Gpt2DecodeStep())
    torch.jit.save(module, out)
    print(module.code)


if __name__ == "__main__":
    main(sys.argv[1])
