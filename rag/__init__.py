"""Evidence-first multilingual question answering over a corpus of articles."""

__version__ = "0.1.0"
