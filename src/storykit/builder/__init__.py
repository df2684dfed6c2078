"""The builder: a project's stories made into output/, phase by phase, kind by kind.

Read it in this order: session.py (what a run shares), plan.py and kinds/ (every kind of
output: its phase, plan, key and render), artifact.py (an output that knows whether it is
current), job.py (a story as the kinds see it), story.py (one story's phases), workers.py
(the drawing processes), writer.py, records.py and index.py (what was made, and the quick
survey), project.py (the whole build), state.py (the lock and stale files).
"""
