"""The homework tool: starter tree, leak check, grader and wrong-answer check (docs/homework.md)."""
