"""The access log (접속기록): append, checkpoint, prune, verify, review.

개인정보의 안전성 확보조치 기준 제8조 and the policy's "접속기록의 보관 및 위변조 방지": every
access to a member's personal data by someone other than that member is recorded (account,
time, IP, whose data, what was done) and protected against tampering. 제5조: grants, changes
and revocations of access rights are recorded and kept for 3 years.

Tamper evidence, in layers (docs/decisions/0003-access-log.md):
1. each entry carries SHA-256 over its canonical form including the previous entry's hash;
2. the database refuses UPDATE and DELETE on the table (triggers, migration 0004);
3. each entry's hash, the chain head (with its time) and the daily checkpoints are HMAC-signed
   with ACCESS_LOG_HMAC_KEY, which the database does not hold, so an entry rewritten with its
   hash recomputed, or entries cut from the end, are caught too;
4. checkpoints are numbered per chain and each signs the previous one, one is due every day
   from the chain's installation record, and each is also written to an external witness
   (privacy.accesslog.witness) that the database's owner cannot rewrite, so a tail cut with the
   head put back, a rewind to a backup or a whole-log wipe is reported (issue 17);
5. free-text reasons are stored encrypted under a key of the log's own (derived from the master
   key, bound to the entry's chain and number), never a member's data key, so shredding a
   member leaves the log verifiable, and deleting an entry at the end of retention deletes
   the only copy of its reason the application can read.

The modules, each depending only on those above it:
- models (AccessLogEntry.reason_text alone reaches up, to reasons, from inside the property);
  witness, the external witness's backends (nothing of the package);
- hashing: the canonical form of an entry, its hash, and the HMACs of entries, heads, checkpoints;
- reasons: the reasons, sealed and opened under the log's own key;
- checkpoints: a chain's numbered, signed checkpoints and their copies in the witness;
- head: a chain's head (locked, installed once, its time trusted only when signed) and the daily
  checkpoint of each;
- append: appending an entry, the actor, and the way from a model's rows to their members;
- signin, permissions: what is recorded of sign-ins and of access rights changing;
- receivers: Django's auth signals, connected in privacy.apps.PrivacyConfig.ready();
- prune; review, the monthly review of unusual access;
- verify, with findings (what it reports) and crosscheck (the database against the witness);
- privacy: the log's models classified for the registry (imported by privacy.privacy);
- admin, checks, tasks: the privacy officer's screens, the system checks, the daily jobs.
"""
