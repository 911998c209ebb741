"""The access log (접속기록): the hash chain of every access to a member's data by someone else, its
checkpoints, the external witness, verification and the prune."""
