#!/usr/bin/env python3
"""Builds the bundled Spanish-English translation corpus and its joint BPE tokenizer from two SWORD Bibles.

Usage (from the repository root; development time only; needs Debian's SWORD tools and modules and the
Python `tokenizers` package):

    apt-get install -y sword-text-sparv sword-text-web libsword-utils
    mod2imp spaRV1909eb > /tmp/spaRV1909eb.imp
    mod2imp engWEB2015eb > /tmp/engWEB2015eb.imp
    python3 mgs-examples/scripts/translation/build_corpus.py /tmp/spaRV1909eb.imp /tmp/engWEB2015eb.imp \
        mgs-examples/src/main/resources/io/github/mgs4j/examples/bible

Inputs: the raw OSIS export (`mod2imp` without `-s`) of the Reina-Valera 1909 (`sword-text-sparv` 2.60-1,
KJV versification) and of the World English Bible (`sword-text-web` 426.0-1, NRSVA versification). Both texts
are in the public domain.

Deterministic: the same inputs give byte-identical outputs (xz without timestamps, fixed rules, BPE training on a
fixed order).

Processing
- A verse's text: footnotes (`<note>…</note>`), non-canonical headings (`<title>` without
  `canonical="true"`, i.e. book and section headings) and speaker labels are removed; every other tag is
  dropped, keeping its text (words, quotes, italics); line/paragraph/division markers become spaces; entities
  are unescaped; Unicode NFKC; curly quotes become ASCII quotes; whitespace collapsed; lower-cased (as the
  paper does for IWSLT'14).
- Verses are aligned by reference (book chapter:verse, the English book names both exports use); a pair is
  kept when both sides are non-empty, each side has at most MAX_WORDS words, and the character-length ratio
  is within MAX_RATIO (drops the few verses the two versifications number differently).
- Splits keep whole chapters: the chapter with canonical index i (0-based, over chapters with kept pairs)
  goes to test when i % 31 == 7, to valid when i % 31 == 19, otherwise to train.
- Files: `{train,valid,test}.tsv.xz`, one pair per line: reference TAB Spanish TAB English.
- `tokenizer.json.xz`: joint BPE (Hugging Face `tokenizers`) of VOCAB types trained on both sides of the train
  split; normalizer NFKC + lowercase; Metaspace pre-tokenizer and decoder ('▁', as SentencePiece); special
  tokens `</s>` = 0 (end of sentence), `<unk>` = 1, `<pad>` = 2 (also the decoder start token, as in Marian).
"""
import lzma
import html
import os
import re
import sys
import unicodedata

from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers

VOCAB = 8000
MAX_WORDS = 64
MAX_RATIO = 2.5
SPECIALS = ["</s>", "<unk>", "<pad>"]

HEADER = re.compile(r"^\$\$\$(.+?) (\d+):(\d+)$")
NOTE = re.compile(r"<note\b.*?</note>", re.S)
HEADING = re.compile(r"<title\b(?![^>]*canonical=\"true\")[^>]*>.*?</title>", re.S)
SPEAKER = re.compile(r"<speaker\b.*?</speaker>", re.S)
SPACE_TAG = re.compile(r"</?(?:l|lb|lg|div|p|milestone|chapter|item|list|title)\b[^>]*>")
ANY_TAG = re.compile(r"<[^>]*>")
QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"'})


def clean(raw):
    text = NOTE.sub("", raw)
    text = HEADING.sub(" ", text)
    text = SPEAKER.sub(" ", text)
    text = SPACE_TAG.sub(" ", text)
    text = ANY_TAG.sub("", text)
    text = html.unescape(text)
    text = unicodedata.normalize("NFKC", text).translate(QUOTES)
    return " ".join(text.split()).lower()


def verses(path):
    """Ordered (book, chapter, verse) -> cleaned text, verse numbers >= 1 only."""
    out, key, lines = {}, None, []

    def flush():
        if key is not None and key[2] >= 1:
            text = clean(" ".join(lines))
            if text:
                out[key] = text

    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            m = HEADER.match(line)
            if m:
                flush()
                key, lines = (m.group(1), int(m.group(2)), int(m.group(3))), []
            elif line.startswith("$$$"):
                flush()
                key, lines = None, []
            else:
                lines.append(line)
    flush()
    return out


def write_xz(path, lines):
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    with open(path, "wb") as f:
        f.write(lzma.compress(data, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC64, preset=9 | lzma.PRESET_EXTREME))


def main(spanish, english, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    es, en = verses(spanish), verses(english)
    pairs, dropped = [], 0
    for key, src in es.items():  # Spanish (KJV versification) order: canonical
        tgt = en.get(key)
        if tgt is None:
            dropped += 1
            continue
        ratio = max(len(src), len(tgt)) / min(len(src), len(tgt))
        if len(src.split()) > MAX_WORDS or len(tgt.split()) > MAX_WORDS or ratio > MAX_RATIO:
            dropped += 1
            continue
        pairs.append((key, src, tgt))
    chapters = []
    for key, _, _ in pairs:
        if not chapters or chapters[-1] != key[:2]:
            chapters.append(key[:2])
    index = {c: i for i, c in enumerate(chapters)}
    splits = {"train": [], "valid": [], "test": []}
    for key, src, tgt in pairs:
        i = index[key[:2]]
        split = "test" if i % 31 == 7 else "valid" if i % 31 == 19 else "train"
        splits[split].append(f"{key[0]} {key[1]}:{key[2]}\t{src}\t{tgt}")
    for split, lines in splits.items():
        write_xz(os.path.join(out_dir, split + ".tsv.xz"), lines)
        print(split, len(lines), "pairs", sum(1 for c in chapters if (index[c] % 31 == 7) == (split == "test")
                                               and (index[c] % 31 == 19) == (split == "valid")), "chapters")
    print("aligned", len(pairs), "dropped", dropped, "spanish verses", len(es), "english verses", len(en))

    tokenizer = Tokenizer(models.BPE(unk_token="<unk>"))
    tokenizer.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase()])
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace()
    tokenizer.decoder = decoders.Metaspace()
    trainer = trainers.BpeTrainer(vocab_size=VOCAB, special_tokens=SPECIALS, show_progress=False)
    train_text = []
    for line in splits["train"]:
        _, src, tgt = line.split("\t")
        train_text.extend((src, tgt))
    tokenizer.train_from_iterator(train_text, trainer=trainer)
    write_xz(os.path.join(out_dir, "tokenizer.json.xz"), [tokenizer.to_str()])
    print("vocab", tokenizer.get_vocab_size(), [tokenizer.token_to_id(s) for s in SPECIALS])
    lengths = [len(tokenizer.encode(t).ids) for t in train_text]
    print("train tokens", sum(lengths), "max", max(lengths), "mean", sum(lengths) / len(lengths))
    print("sample", tokenizer.encode(train_text[0]).tokens[:20])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
