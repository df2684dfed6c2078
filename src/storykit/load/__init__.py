"""Load stage: the project, its case files and storykit.yaml, read and validated into models."""
