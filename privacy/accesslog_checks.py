"""System checks for the access log (접속기록)."""
