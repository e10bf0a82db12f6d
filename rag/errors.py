"""The few named errors the package raises; only the CLI and the app turn them into messages."""


class RagError(Exception):
    """Base class: anything the user can act on."""


class CorpusError(RagError):
    """A corpus file cannot be read as an article; the message names the file."""


class IndexCorrupt(RagError):
    """Index files are missing, truncated or fail their checksum."""


class IndexMissing(IndexCorrupt):
    """No index has been built in this folder yet (nothing is damaged)."""


class EmbedderError(RagError):
    """The embedding model cannot be loaded or used."""


class InvalidInput(RagError):
    """A query or setting is out of range; the message names the field."""
