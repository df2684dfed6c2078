"""Build: the run over every story, the index of what was made, the lock, the card workers."""
