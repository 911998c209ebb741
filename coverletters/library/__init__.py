"""The answer library (issue 14): a member's answers grouped by the type of question they
answer, reused as a starting point for a new question, and experiences that fit a question."""
