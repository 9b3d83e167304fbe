"""The small transition-based NER model that tests train in seconds, over any tok2vec."""

from __future__ import annotations


def transition_ner_model(tok2vec: dict[str, object]) -> dict[str, object]:
    """spaCy's NER model config with a 16-wide hidden layer, reading from ``tok2vec``."""
    return {
        "@architectures": "spacy.TransitionBasedParser.v2",
        "state_type": "ner",
        "extra_state_tokens": False,
        "hidden_width": 16,
        "maxout_pieces": 2,
        "use_upper": True,
        "nO": None,
        "tok2vec": tok2vec,
    }
