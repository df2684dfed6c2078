"""Outputs: the plan of a story's files, the template context and Jinja, each kind of output."""
