"""Sharing (제3자 제공): what a member shares with a viewer, and the one selector every non-owner
viewer goes through (`shared_view`), which checks the grant, the consent and the processing
hold, writes the access-log entry and returns only the shared values."""
