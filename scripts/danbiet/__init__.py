"""danbiet: a Git-based transparency portal for direct dialogues with the people."""

__version__ = "0.1.0"
