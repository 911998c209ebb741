"""Versions of a whole cover letter that mean something (issue 14): named checkpoints the
member makes, and the 제출본 kept automatically at each application and export."""
