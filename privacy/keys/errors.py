"""What goes wrong with keys and ciphertexts."""

from django.core.exceptions import ImproperlyConfigured


class KeyDestroyed(Exception):
    """The data key of this ciphertext no longer exists: the data was crypto-shredded."""


class DecryptionFailed(Exception):
    """The ciphertext was altered, or belongs to another column."""


class KeyMisused(DecryptionFailed):
    """The ciphertext names a data key of another subject than the row's: refused before any
    decryption (a ciphertext or a key moved by someone who can write the database)."""


class FormatRetired(DecryptionFailed):
    """A v1 ciphertext or wrapped key after v1 was retired (pasted back from a backup)."""


class KeyMismatch(ImproperlyConfigured):
    """A key from the environment does not match what the database holds for its id."""
